import { DeviceError } from '@vaultline/shared';

/**
 * The camera answered, but the picture it sent is not a whole JPEG: a wrong READ_FBUF trailer, a wrong
 * chunk length, a missing `FF D8` / `FF D9` marker or an implausible frame length (§4, §7). The camera is
 * still online; capture again (the driver resumes the frame buffer first).
 */
export class ImageIntegrityError extends DeviceError {
  constructor(
    readonly device: string,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(
      'IMAGE_INTEGRITY',
      `${device}: the captured image is damaged (${detail}); capture again, and check the cable and baud rate if it keeps happening`,
      options,
    );
  }
}
