// What a build was made from. scripts/package.sh passes the commit with
// -Xcc -DLOA_GIT_COMMIT='"<hash>"'; a plain `swift build` says "unknown".
#ifndef LOA_BUILD_INFO_H
#define LOA_BUILD_INFO_H

#ifndef LOA_GIT_COMMIT
#define LOA_GIT_COMMIT "unknown"
#endif

static inline const char *loa_git_commit(void) { return LOA_GIT_COMMIT; }

#endif
