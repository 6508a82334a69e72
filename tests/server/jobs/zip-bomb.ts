/**
 * A zip bomb built by hand (no need to compress hundreds of MB in a test): one DEFLATE segment
 * of 1 MiB of zeros, ended with a full flush so identical segments can follow each other, is
 * repeated `mebibytes` times and closed with an empty final block. The zip around it is
 * well-formed (sizes and CRC-32 are the true ones), as an attacker's upload would be.
 */
import { constants, crc32, deflateRawSync } from 'node:zlib';

/** A zip with one entry `name` inflating to `mebibytes` MiB of zeros (≈ 1 KB per MiB). */
export function zipBomb(name: string, mebibytes: number): Uint8Array {
  const mib = Buffer.alloc(1024 * 1024);
  const segment = deflateRawSync(mib, { level: 9, finishFlush: constants.Z_FULL_FLUSH });
  // BFINAL=1, BTYPE=01 (fixed Huffman), end-of-block: the empty last block.
  const data = Buffer.concat([...Array<Buffer>(mebibytes).fill(segment), Buffer.from([3, 0])]);
  let crc = 0;
  for (let i = 0; i < mebibytes; i += 1) crc = crc32(mib, crc);
  const size = mebibytes * mib.length;
  const fileName = Buffer.from(name);

  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(8, 8); // deflate
  local.writeUInt32LE(crc >>> 0, 14);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(size, 22);
  local.writeUInt16LE(fileName.length, 26);

  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(crc >>> 0, 16);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(size, 24);
  central.writeUInt16LE(fileName.length, 28);

  const centralOffset = local.length + fileName.length + data.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + fileName.length, 12);
  end.writeUInt32LE(centralOffset, 16);
  return new Uint8Array(Buffer.concat([local, fileName, data, central, fileName, end]));
}
