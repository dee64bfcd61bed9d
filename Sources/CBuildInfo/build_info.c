#include "build_info.h"

#if __has_include("build_commit.h")
#include "build_commit.h"
#endif

#ifndef LOA_GIT_COMMIT
#define LOA_GIT_COMMIT "unknown"
#endif

const char *loa_git_commit(void) { return LOA_GIT_COMMIT; }
