#include <stdint.h>
#include <systemd/sd-daemon.h>
#include <systemd/sd-journal.h>
#include <sys/uio.h>

/* sd_notify(3): readiness, status, stopping and the watchdog keep-alive. A no-op (returns 0)
   when Loa is not started by systemd (no NOTIFY_SOCKET). */
static inline int loa_sd_notify(const char *state) { return sd_notify(0, state); }

/* sd_watchdog_enabled(3): the watchdog interval in microseconds, or 0 when there is none. */
static inline uint64_t loa_sd_watchdog_usec(void) {
  uint64_t usec = 0;
  return sd_watchdog_enabled(0, &usec) > 0 ? usec : 0;
}

/* sd_journal_sendv(3): one journal entry from FIELD=value strings (MESSAGE=, PRIORITY=, LOA_JOB=…),
   so `journalctl LOA_JOB=…` finds an airing. Returns a negative errno on failure. */
static inline int loa_sd_journal_send(const char *const *fields, const size_t *lengths, int n) {
  struct iovec iov[64];
  if (n > 64) n = 64;
  for (int i = 0; i < n; i++) {
    iov[i].iov_base = (void *)fields[i];
    iov[i].iov_len = lengths[i];
  }
  return sd_journal_sendv(iov, n);
}
