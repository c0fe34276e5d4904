import { Page } from '@playwright/test';

/**
 * A JPEG as a phone's camera writes it: stored sideways with EXIF orientation 6 (turn 90°
 * clockwise to view), a camera model and a GPS position. Stored, its top half is red and its
 * bottom half blue, so the upright picture is blue on the left and red on the right; a patch of
 * `seed`'s colour in the stored bottom-left corner tells photos apart.
 */
export async function cameraJpeg(page: Page, width: number, height: number, seed: number): Promise<Buffer> {
  const plain: number[] = await page.evaluate(async ([w, h, seed]) => {
    const canvas = document.createElement('canvas');
    [canvas.width, canvas.height] = [w, h];
    const g = canvas.getContext('2d')!;
    g.fillStyle = '#dd2222'; g.fillRect(0, 0, w, h / 2);
    g.fillStyle = '#2222dd'; g.fillRect(0, h / 2, w, h / 2);
    g.fillStyle = `hsl(${seed * 47}, 70%, 50%)`; g.fillRect(0, h * 0.9, w * 0.1, h * 0.1);
    const blob: Blob = await new Promise((done) => canvas.toBlob((b) => done(b!), 'image/jpeg', 0.92));
    return [...new Uint8Array(await blob.arrayBuffer())];
  }, [width, height, seed]);
  const jpeg = Buffer.from(plain);
  // APP1 goes right after the start-of-image marker, where cameras put it.
  return Buffer.concat([jpeg.subarray(0, 2), exifSegment(), jpeg.subarray(2)]);
}

/** The bytes that give a camera's model and position away, which no kept photo may hold. */
export const CAMERA_SECRETS = ['Exif', 'Phone-X', 'GPS'];

/** APP1 with little-endian TIFF: IFD0 (model, orientation 6, GPS pointer), a GPS IFD at 31.2° N 121.5° E. */
function exifSegment(): Buffer {
  const tiff = Buffer.alloc(160);
  tiff.write('II', 0, 'latin1');
  tiff.writeUInt16LE(42, 2);
  tiff.writeUInt32LE(8, 4);
  let at = 8;
  const entry = (tag: number, type: number, count: number, value: number, short = false) => {
    tiff.writeUInt16LE(tag, at);
    tiff.writeUInt16LE(type, at + 2);
    tiff.writeUInt32LE(count, at + 4);
    if (short) tiff.writeUInt16LE(value, at + 8); else tiff.writeUInt32LE(value, at + 8);
    at += 12;
  };
  tiff.writeUInt16LE(3, at); at += 2;
  entry(0x0110, 2, 8, 50); // Model, at 50
  entry(0x0112, 3, 1, 6, true); // Orientation: rotate 90° clockwise
  entry(0x8825, 4, 1, 58); // GPS IFD, at 58
  tiff.writeUInt32LE(0, at);
  tiff.write('Phone-X\0', 50, 'latin1');
  at = 58;
  tiff.writeUInt16LE(4, at); at += 2;
  entry(0x0001, 2, 2, 'N'.charCodeAt(0));
  entry(0x0002, 5, 3, 112);
  entry(0x0003, 2, 2, 'E'.charCodeAt(0));
  entry(0x0004, 5, 3, 136);
  tiff.writeUInt32LE(0, at);
  [31, 12, 0, 121, 30, 0].forEach((degrees, n) => {
    tiff.writeUInt32LE(degrees, 112 + n * 8);
    tiff.writeUInt32LE(1, 116 + n * 8);
  });
  const header = Buffer.alloc(10);
  header.writeUInt16BE(0xffe1, 0);
  header.writeUInt16BE(2 + 6 + tiff.length, 2);
  header.write('Exif\0\0', 4, 'latin1');
  return Buffer.concat([header, tiff]);
}
