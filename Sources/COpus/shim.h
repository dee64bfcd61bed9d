#include <opus.h>

/* opus_encoder_ctl is variadic with request macros; these give Swift plain functions. */
static inline int loa_opus_set_bitrate(OpusEncoder *enc, opus_int32 bitrate) {
  return opus_encoder_ctl(enc, OPUS_SET_BITRATE(bitrate));
}
static inline int loa_opus_set_complexity(OpusEncoder *enc, opus_int32 complexity) {
  return opus_encoder_ctl(enc, OPUS_SET_COMPLEXITY(complexity));
}
/* Up to 8 kHz of audio: a horn loudspeaker's band, enough to hear what aired. */
static inline int loa_opus_set_max_bandwidth_wideband(OpusEncoder *enc) {
  return opus_encoder_ctl(enc, OPUS_SET_MAX_BANDWIDTH(OPUS_BANDWIDTH_WIDEBAND));
}
/* Samples at 48 kHz the encoder delays its output by: the Ogg Opus header's pre-skip. */
static inline int loa_opus_lookahead(OpusEncoder *enc) {
  opus_int32 samples = 0;
  opus_encoder_ctl(enc, OPUS_GET_LOOKAHEAD(&samples));
  return samples;
}
