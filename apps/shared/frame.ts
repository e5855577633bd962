/** The longest side of a register's frame: the model squashes it to 224 x 224 anyway. */
export const MAX_SIDE = 320;
export const JPEG_QUALITY = 0.8;

/** The size a frame of {@code width} x {@code height} is scaled to, keeping its proportions. */
export function scaled(width: number, height: number, maxSide = MAX_SIDE): [number, number] {
  const factor = Math.min(1, maxSide / Math.max(width, height));
  return [Math.max(1, Math.round(width * factor)), Math.max(1, Math.round(height * factor))];
}

/** One frame of a video or picture, downscaled and JPEG-compressed in the browser. */
export async function compress(
  source: CanvasImageSource,
  width: number,
  height: number,
  maxSide = MAX_SIDE,
): Promise<Blob> {
  const [w, h] = scaled(width, height, maxSide);
  const canvas = document.createElement("canvas");
  canvas.width = w;
  canvas.height = h;
  const context = canvas.getContext("2d");
  if (!context) throw new Error("This browser cannot draw the frame");
  context.drawImage(source, 0, 0, w, h);
  return new Promise((resolve, reject) =>
    canvas.toBlob(
      (blob) => (blob ? resolve(blob) : reject(new Error("The frame could not be encoded"))),
      "image/jpeg",
      JPEG_QUALITY,
    ),
  );
}
