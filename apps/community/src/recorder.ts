/** What the microphone gave: an Opus clip in WebM (Chromium's and Firefox's MediaRecorder). */
export interface Clip {
  blob: Blob;
  waveform: number[];
}

export const CLIP_TYPE = "audio/webm;codecs=opus";

/** Press-and-hold recording: start() on press, stop() on release. */
export class Recorder {
  private recorder?: MediaRecorder;
  private chunks: Blob[] = [];
  private stream?: MediaStream;

  static supported(): boolean {
    return typeof MediaRecorder !== "undefined" && MediaRecorder.isTypeSupported(CLIP_TYPE);
  }

  async start(): Promise<void> {
    this.stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: false });
    this.chunks = [];
    this.recorder = new MediaRecorder(this.stream, { mimeType: CLIP_TYPE, audioBitsPerSecond: 24_000 });
    this.recorder.ondataavailable = (e) => e.data.size > 0 && this.chunks.push(e.data);
    this.recorder.start(250);
  }

  get recording(): boolean {
    return this.recorder?.state === "recording";
  }

  async stop(): Promise<Clip> {
    const recorder = this.recorder;
    if (!recorder) throw new Error("Not recording");
    const stopped = new Promise((r) => (recorder.onstop = r));
    recorder.stop();
    await stopped;
    this.stream?.getTracks().forEach((t) => t.stop());
    const blob = new Blob(this.chunks, { type: "audio/webm" });
    return { blob, waveform: await waveform(blob) };
  }
}

/** 64 peaks of the clip, 0 to 255, as the chat stores them for every listener's waveform. */
export async function waveform(blob: Blob, bars = 64): Promise<number[]> {
  try {
    const context = new OfflineAudioContext(1, 1, 48_000);
    const audio = await context.decodeAudioData(await blob.arrayBuffer());
    const samples = audio.getChannelData(0);
    const size = Math.max(1, Math.floor(samples.length / bars));
    const peaks: number[] = [];
    for (let i = 0; i < bars; i++) {
      let peak = 0;
      for (let j = i * size; j < Math.min(samples.length, (i + 1) * size); j++) peak = Math.max(peak, Math.abs(samples[j]));
      peaks.push(peak);
    }
    const top = Math.max(...peaks, 1e-6);
    return peaks.map((p) => Math.round((p / top) * 255));
  } catch {
    return []; // no waveform rather than no message
  }
}
