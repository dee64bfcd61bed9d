// The kernel's time-synchronisation state (adjtimex), which Swift's Glibc module does not export.
#ifndef LOA_SYSTIME_H
#define LOA_SYSTIME_H

/// 1 when the kernel clock is synchronised (NTP has cleared STA_UNSYNC), 0 when not, -1 on error.
int loa_clock_synchronised(void);

#endif
