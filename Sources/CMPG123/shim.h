#include <stddef.h>
#include <sys/types.h>
#include <mpg123.h>

/* mpg123.h renames some functions with macros for large-file builds; Swift cannot call
   through those macros, so the few calls Loa makes go through these wrappers. */
static inline int loa_mpg123_init(void) { return mpg123_init(); }
static inline mpg123_handle *loa_mpg123_new(int *error) { return mpg123_new(NULL, error); }
static inline void loa_mpg123_delete(mpg123_handle *h) { mpg123_delete(h); }
static inline int loa_mpg123_quiet(mpg123_handle *h) {
  return mpg123_param(h, MPG123_ADD_FLAGS, MPG123_QUIET, 0.0);
}
/* Gapless trimming off: a crafted LAME tag (delay/padding against a tiny frame count) keeps one
   mpg123_decode call busy for 4-30 s with it on (bench/fuzz/findings); without it a real file
   keeps its encoder delay and padding, a few tens of milliseconds of silence. */
static inline int loa_mpg123_no_gapless(mpg123_handle *h) {
  return mpg123_param(h, MPG123_REMOVE_FLAGS, MPG123_GAPLESS, 0.0);
}
/* Decode everything to signed 16-bit at one rate and channel count (libmpg123 resamples). */
static inline int loa_mpg123_force_format(mpg123_handle *h, long rate, int channels) {
  int err = mpg123_format_none(h);
  if (err != MPG123_OK) return err;
  return mpg123_format(h, rate, channels == 1 ? MPG123_MONO : MPG123_STEREO, MPG123_ENC_SIGNED_16);
}
static inline int loa_mpg123_open_feed(mpg123_handle *h) { return mpg123_open_feed(h); }
static inline int loa_mpg123_decode(mpg123_handle *h, const unsigned char *in, size_t insize,
                                    unsigned char *out, size_t outsize, size_t *done) {
  return mpg123_decode(h, in, insize, out, outsize, done);
}
/* Frame by frame (what the proof-of-play copy needs): feed bytes, parse the next MPEG frame
   (mpg123_framebyframe_next), look at its header and body (mpg123_framedata: the stream rebuilt
   exactly as it came, without junk or tags; only while the frame is not yet decoded), then decode
   that frame (mpg123_decode_frame decodes a parsed frame first, with the format and decoder
   handling mpg123_framebyframe_decode lacks). */
static inline int loa_mpg123_framebyframe_next(mpg123_handle *h) { return mpg123_framebyframe_next(h); }
static inline int loa_mpg123_feed(mpg123_handle *h, const unsigned char *in, size_t size) {
  return mpg123_feed(h, in, size);
}
static inline int loa_mpg123_decode_frame(mpg123_handle *h, unsigned char **audio, size_t *bytes) {
  off_t num = 0;
  return mpg123_decode_frame(h, &num, audio, bytes);
}
static inline int loa_mpg123_framedata(mpg123_handle *h, unsigned long *header, unsigned char **body,
                                       size_t *bodybytes) {
  return mpg123_framedata(h, header, body, bodybytes);
}
static inline int loa_mpg123_getformat(mpg123_handle *h, long *rate, int *channels, int *encoding) {
  return mpg123_getformat(h, rate, channels, encoding);
}
static inline const char *loa_mpg123_strerror(mpg123_handle *h) { return mpg123_strerror(h); }
static inline const char *loa_mpg123_plain_strerror(int code) { return mpg123_plain_strerror(code); }
static inline int loa_mpg123_ok(void) { return MPG123_OK; }
static inline int loa_mpg123_need_more(void) { return MPG123_NEED_MORE; }
static inline int loa_mpg123_new_format(void) { return MPG123_NEW_FORMAT; }
static inline int loa_mpg123_done(void) { return MPG123_DONE; }
