#include "loa_gpio_line.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <gpiod.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* libgpiod 1.x defines GPIOD_LINE_BULK_MAX_LINES; 2.x has no line bulks. */
#ifdef GPIOD_LINE_BULK_MAX_LINES

struct loa_gpio_line {
  struct gpiod_chip *chip;
  struct gpiod_line *line;
};

int loa_gpio_api(void) { return 1; }

loa_gpio_line *loa_gpio_open(const char *chip, unsigned int offset, int initial, const char *consumer,
                             int *stage) {
  struct gpiod_chip *c = gpiod_chip_open_lookup(chip);
  if (!c) {
    *stage = LOA_GPIO_NO_CHIP;
    return NULL;
  }
  struct gpiod_line *l = gpiod_chip_get_line(c, offset);
  if (!l) {
    int e = errno;
    gpiod_chip_close(c);
    errno = e;
    *stage = LOA_GPIO_NO_LINE;
    return NULL;
  }
  if (gpiod_line_request_output(l, consumer, initial ? 1 : 0) != 0) {
    int e = errno;
    gpiod_chip_close(c);
    errno = e;
    *stage = LOA_GPIO_NOT_TAKEN;
    return NULL;
  }
  loa_gpio_line *h = calloc(1, sizeof *h);
  if (!h) {
    gpiod_line_release(l);
    gpiod_chip_close(c);
    errno = ENOMEM;
    *stage = LOA_GPIO_NOT_TAKEN;
    return NULL;
  }
  h->chip = c;
  h->line = l;
  *stage = LOA_GPIO_OK;
  return h;
}

int loa_gpio_set(loa_gpio_line *h, int level) { return gpiod_line_set_value(h->line, level ? 1 : 0); }

void loa_gpio_close(loa_gpio_line *h) {
  if (!h) return;
  gpiod_line_release(h->line);
  gpiod_chip_close(h->chip);
  free(h);
}

#else /* libgpiod 2.x */

struct loa_gpio_line {
  struct gpiod_chip *chip;
  struct gpiod_line_request *request;
  unsigned int offset;
};

int loa_gpio_api(void) { return 2; }

static int all_digits(const char *s) {
  if (!*s) return 0;
  for (; *s; s++)
    if (!isdigit((unsigned char)*s)) return 0;
  return 1;
}

/* 2.x opens a path only: find the chip as 1.x's gpiod_chip_open_lookup did. */
static struct gpiod_chip *open_lookup(const char *name) {
  char path[300];
  if (strchr(name, '/')) return gpiod_chip_open(name);
  if (all_digits(name)) {
    snprintf(path, sizeof path, "/dev/gpiochip%s", name);
    return gpiod_chip_open(path);
  }
  if (strncmp(name, "gpiochip", 8) == 0) {
    snprintf(path, sizeof path, "/dev/%s", name);
    return gpiod_chip_open(path);
  }
  /* A label: look at every chip. */
  DIR *dir = opendir("/dev");
  if (!dir) return NULL;
  struct dirent *d;
  struct gpiod_chip *found = NULL;
  while (!found && (d = readdir(dir))) {
    if (strncmp(d->d_name, "gpiochip", 8) != 0) continue;
    snprintf(path, sizeof path, "/dev/%s", d->d_name);
    struct gpiod_chip *c = gpiod_chip_open(path);
    if (!c) continue;
    struct gpiod_chip_info *info = gpiod_chip_get_info(c);
    if (info && strcmp(gpiod_chip_info_get_label(info), name) == 0) found = c;
    if (info) gpiod_chip_info_free(info);
    if (!found) gpiod_chip_close(c);
  }
  closedir(dir);
  if (!found) errno = ENOENT;
  return found;
}

loa_gpio_line *loa_gpio_open(const char *chip, unsigned int offset, int initial, const char *consumer,
                             int *stage) {
  struct gpiod_chip *c = open_lookup(chip);
  if (!c) {
    *stage = LOA_GPIO_NO_CHIP;
    return NULL;
  }
  struct gpiod_chip_info *info = gpiod_chip_get_info(c);
  if (info) {
    size_t lines = gpiod_chip_info_get_num_lines(info);
    gpiod_chip_info_free(info);
    if (offset >= lines) {
      gpiod_chip_close(c);
      errno = EINVAL;
      *stage = LOA_GPIO_NO_LINE;
      return NULL;
    }
  }
  struct gpiod_line_settings *settings = gpiod_line_settings_new();
  struct gpiod_line_config *config = gpiod_line_config_new();
  struct gpiod_request_config *request_config = gpiod_request_config_new();
  struct gpiod_line_request *request = NULL;
  int e = ENOMEM;
  if (settings && config && request_config &&
      gpiod_line_settings_set_direction(settings, GPIOD_LINE_DIRECTION_OUTPUT) == 0 &&
      gpiod_line_settings_set_output_value(settings, initial ? GPIOD_LINE_VALUE_ACTIVE
                                                             : GPIOD_LINE_VALUE_INACTIVE) == 0 &&
      gpiod_line_config_add_line_settings(config, &offset, 1, settings) == 0) {
    gpiod_request_config_set_consumer(request_config, consumer);
    request = gpiod_chip_request_lines(c, request_config, config);
    e = errno;
  }
  if (settings) gpiod_line_settings_free(settings);
  if (config) gpiod_line_config_free(config);
  if (request_config) gpiod_request_config_free(request_config);
  if (!request) {
    gpiod_chip_close(c);
    errno = e;
    *stage = LOA_GPIO_NOT_TAKEN;
    return NULL;
  }
  loa_gpio_line *h = calloc(1, sizeof *h);
  if (!h) {
    gpiod_line_request_release(request);
    gpiod_chip_close(c);
    errno = ENOMEM;
    *stage = LOA_GPIO_NOT_TAKEN;
    return NULL;
  }
  h->chip = c;
  h->request = request;
  h->offset = offset;
  *stage = LOA_GPIO_OK;
  return h;
}

int loa_gpio_set(loa_gpio_line *h, int level) {
  return gpiod_line_request_set_value(h->request, h->offset,
                                      level ? GPIOD_LINE_VALUE_ACTIVE : GPIOD_LINE_VALUE_INACTIVE);
}

void loa_gpio_close(loa_gpio_line *h) {
  if (!h) return;
  gpiod_line_request_release(h->request);
  gpiod_chip_close(h->chip);
  free(h);
}

#endif
