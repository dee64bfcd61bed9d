#include <stdint.h>
#include <systemd/sd-daemon.h>

/* sd_notify(3): readiness, status, stopping and the watchdog keep-alive. A no-op (returns 0)
   when Loa is not started by systemd (no NOTIFY_SOCKET). */
static inline int loa_sd_notify(const char *state) { return sd_notify(0, state); }

/* sd_watchdog_enabled(3): the watchdog interval in microseconds, or 0 when there is none. */
static inline uint64_t loa_sd_watchdog_usec(void) {
  uint64_t usec = 0;
  return sd_watchdog_enabled(0, &usec) > 0 ? usec : 0;
}
