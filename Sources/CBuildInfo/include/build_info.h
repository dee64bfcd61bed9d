// What a build was made from: the git commit, which scripts/package.sh writes into
// build_commit.h (git-ignored) for the package's build; a plain `swift build` says "unknown".
// Only build_info.c reads it, so a new commit rebuilds one C file, not the Swift targets.
#ifndef LOA_BUILD_INFO_H
#define LOA_BUILD_INFO_H

const char *loa_git_commit(void);

#endif
