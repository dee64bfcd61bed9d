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
/* Longer frames: the per-frame cost of libopus' multistream path (it sizes its encoders and, in
   Debian's build, detects the CPU on every frame) is paid 6 times less often (bench/speech-cpu.sh). */
static inline int loa_ope_set_frame_120ms(OggOpusEnc *enc) {
  return ope_encoder_ctl(enc, OPUS_SET_EXPERT_FRAME_DURATION(OPUS_FRAMESIZE_120_MS));
}
/* Up to 8 kHz of audio: a horn loudspeaker's band, enough to hear what aired. */
static inline int loa_ope_set_max_bandwidth_wideband(OggOpusEnc *enc) {
  return ope_encoder_ctl(enc, OPUS_SET_MAX_BANDWIDTH(OPUS_BANDWIDTH_WIDEBAND));
}
