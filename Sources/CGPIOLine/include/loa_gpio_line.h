#ifndef LOA_GPIO_LINE_H
#define LOA_GPIO_LINE_H

/* One GPIO line held as an output, through libgpiod 1.x (Debian 12) or 2.x (Debian 13), whichever
 * the package was built against. The Swift side sees only these calls. */

typedef struct loa_gpio_line loa_gpio_line;

/* Where opening failed, for the message an installer reads. */
enum loa_gpio_stage {
  LOA_GPIO_OK = 0,
  LOA_GPIO_NO_CHIP = 1,    /* the chip cannot be opened (no such chip, not a GPIO chip, no access) */
  LOA_GPIO_NO_LINE = 2,    /* the chip has no line with that offset */
  LOA_GPIO_NOT_TAKEN = 3,  /* the line cannot be requested as an output (busy, no access) */
};

/* Requests `line` of `chip` as an output at the physical level `initial` (0 or 1). `chip` is a
 * name (gpiochip0), a number (0), a path (/dev/gpiochip0) or a chip's label. On failure returns
 * NULL with errno set and *stage saying where. */
loa_gpio_line *loa_gpio_open(const char *chip, unsigned int line, int initial, const char *consumer,
                             int *stage);

/* Sets the physical level (0 or 1). 0 on success, -1 with errno set. */
int loa_gpio_set(loa_gpio_line *line, int level);

/* Releases the line and closes the chip. */
void loa_gpio_close(loa_gpio_line *line);

/* The libgpiod API the package was built against: 1 or 2. */
int loa_gpio_api(void);

#endif
