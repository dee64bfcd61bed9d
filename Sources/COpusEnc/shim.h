#include <opusenc.h>

/* ope_encoder_ctl is variadic with request macros; these give Swift plain functions. */
static inline int loa_ope_set_bitrate(OggOpusEnc *enc, opus_int32 bitrate) {
  return ope_encoder_ctl(enc, OPUS_SET_BITRATE(bitrate));
}
static inline int loa_ope_set_complexity(OggOpusEnc *enc, opus_int32 complexity) {
  return ope_encoder_ctl(enc, OPUS_SET_COMPLEXITY(complexity));
}
static inline int loa_ope_set_signal_voice(OggOpusEnc *enc) {
  return ope_encoder_ctl(enc, OPUS_SET_SIGNAL(OPUS_AUTO));
}
