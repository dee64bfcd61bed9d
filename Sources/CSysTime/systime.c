#include "loa_systime.h"

#include <sys/timex.h>

int loa_clock_synchronised(void) {
  struct timex tx = {0};
  int state = adjtimex(&tx);
  if (state == -1) return -1;
  return (state != TIME_ERROR && !(tx.status & STA_UNSYNC)) ? 1 : 0;
}
