/* Run by scripts/check-libgpiod2.sh: the GPIO line shim (Sources/CGPIOLine) against whichever
 * libgpiod it is compiled with. Prints the API and, for chips that are not there, where opening
 * failed; exits 1 if any of them opened or failed at another stage. */
#include "loa_gpio_line.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

int main(void) {
  const char *chips[] = {"gpiochip-khong-co", "/dev/null", "97", "gpiochip97", "/dev/khong-co"};
  int bad = 0;
  printf("libgpiod API %d\n", loa_gpio_api());
  for (unsigned i = 0; i < sizeof chips / sizeof *chips; i++) {
    int stage = -1;
    errno = 0;
    loa_gpio_line *line = loa_gpio_open(chips[i], 3, 0, "loa-check", &stage);
    printf("%-18s %s (stage %d: %s)\n", chips[i], line ? "OPENED" : "refused", stage, strerror(errno));
    if (line || stage != LOA_GPIO_NO_CHIP) bad = 1;
    loa_gpio_close(line);
  }
  return bad;
}
