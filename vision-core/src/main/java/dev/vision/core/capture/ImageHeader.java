package dev.vision.core.capture;

/**
 * The format and, where cheap to read, the size an image file declares in its header. Lets the decoder
 * refuse text files named {@code .jpg} and absurd dimensions before OpenCV allocates anything.
 *
 * @param width  declared width, 0 when the format's header was not parsed for it
 * @param height declared height, 0 likewise
 */
record ImageHeader(String format, int width, int height) {

    static ImageHeader parse(byte[] b) {
        if (b.length >= 3 && u8(b, 0) == 0xFF && u8(b, 1) == 0xD8 && u8(b, 2) == 0xFF) {
            return jpeg(b);
        }
        if (b.length >= 24 && u8(b, 0) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') {
            return new ImageHeader("PNG", be32(b, 16), be32(b, 20));
        }
        if (b.length >= 26 && b[0] == 'B' && b[1] == 'M') {
            return new ImageHeader("BMP", Math.abs(le32(b, 18)), Math.abs(le32(b, 22)));
        }
        if (b.length >= 12
                && b[0] == 'R'
                && b[1] == 'I'
                && b[2] == 'F'
                && b[3] == 'F'
                && b[8] == 'W'
                && b[9] == 'E'
                && b[10] == 'B'
                && b[11] == 'P') {
            return new ImageHeader("WEBP", 0, 0);
        }
        if (b.length >= 4
                && ((b[0] == 'I' && b[1] == 'I' && b[2] == 42 && b[3] == 0)
                        || (b[0] == 'M' && b[1] == 'M' && b[2] == 0 && b[3] == 42))) {
            return new ImageHeader("TIFF", 0, 0);
        }
        if (b.length >= 2 && b[0] == 'P' && b[1] >= '1' && b[1] <= '6') {
            return new ImageHeader("PNM", 0, 0);
        }
        return null;
    }

    /**
     * True when a JPEG lacks its end-of-image marker or a PNG its IEND chunk: the file was cut short.
     * Decoding such files makes the codec libraries print their own warnings and return grey or nothing.
     */
    boolean truncated(byte[] b) {
        if (format.equals("JPEG")) {
            // trailing padding after the marker is common; a cut-off file has no marker at all near its end
            for (int i = b.length - 2; i >= Math.max(2, b.length - 4096); i--) {
                if (u8(b, i) == 0xFF && u8(b, i + 1) == 0xD9) {
                    return false;
                }
            }
            return true;
        }
        if (format.equals("PNG")) {
            for (int i = b.length - 8; i >= Math.max(8, b.length - 4096); i--) {
                if (b[i] == 'I' && b[i + 1] == 'E' && b[i + 2] == 'N' && b[i + 3] == 'D') {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    /** Walks the JPEG markers up to the first start-of-frame, which holds the size. */
    private static ImageHeader jpeg(byte[] b) {
        int i = 2;
        while (i + 9 < b.length) {
            if (u8(b, i) != 0xFF) {
                i++;
                continue;
            }
            int marker = u8(b, i + 1);
            if (marker == 0xFF) {
                i++;
                continue;
            }
            boolean startOfFrame =
                    marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
            if (startOfFrame) {
                return new ImageHeader("JPEG", be16(b, i + 7), be16(b, i + 5));
            }
            if (marker == 0xD8 || (marker >= 0xD0 && marker <= 0xD7) || marker == 0x01) {
                i += 2;
                continue;
            }
            i += 2 + be16(b, i + 2);
        }
        return new ImageHeader("JPEG", 0, 0);
    }

    private static int u8(byte[] b, int i) {
        return b[i] & 0xFF;
    }

    private static int be16(byte[] b, int i) {
        return (u8(b, i) << 8) | u8(b, i + 1);
    }

    private static int be32(byte[] b, int i) {
        return (be16(b, i) << 16) | be16(b, i + 2);
    }

    private static int le32(byte[] b, int i) {
        return u8(b, i) | (u8(b, i + 1) << 8) | (u8(b, i + 2) << 16) | (u8(b, i + 3) << 24);
    }
}
