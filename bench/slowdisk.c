/* A slow disk for benchmarks: every fsync/fdatasync of the process waits SLOWDISK_MS
 * (default 40 ms, an SD card under load) before it runs. Loaded with LD_PRELOAD by
 * bench/run.py when SLOWDISK_MS is set; SQLite syncs through these two calls. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdlib.h>
#include <time.h>

static void slow(void) {
  const char *e = getenv("SLOWDISK_MS");
  long ms = e ? atol(e) : 40;
  struct timespec t = {ms / 1000, (ms % 1000) * 1000000L};
  nanosleep(&t, 0);
}

int fsync(int fd) {
  static int (*real)(int);
  if (!real) real = (int (*)(int))dlsym(RTLD_NEXT, "fsync");
  slow();
  return real(fd);
}

int fdatasync(int fd) {
  static int (*real)(int);
  if (!real) real = (int (*)(int))dlsym(RTLD_NEXT, "fdatasync");
  slow();
  return real(fd);
}
