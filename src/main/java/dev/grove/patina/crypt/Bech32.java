package dev.grove.patina.crypt;

import java.io.ByteArrayOutputStream;
import java.util.Locale;

/**
 * Bech32 (BIP 173) as age uses it: no length limit on the data part, all-lowercase or all-uppercase, the checksum
 * computed over the lowercase string. Error messages never include the string (it may be a secret key).
 */
final class Bech32 {
    private static final String CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
    private static final int[] GENERATOR = {0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3};

    /** A decoded string: its human-readable part (lowercase) and data bytes. */
    record Decoded(String hrp, byte[] data) {
    }

    private Bech32() {
    }

    /** Encodes {@code data} under {@code hrp}, in lowercase. */
    static String encode(String hrp, byte[] data) {
        String lower = hrp.toLowerCase(Locale.ROOT);
        byte[] values = convertBits(data, 8, 5, true);
        byte[] checksum = checksum(lower, values);
        StringBuilder sb = new StringBuilder(lower.length() + 1 + values.length + 6).append(lower).append('1');
        for (byte v : values) {
            sb.append(CHARSET.charAt(v));
        }
        for (byte v : checksum) {
            sb.append(CHARSET.charAt(v));
        }
        return sb.toString();
    }

    /** Decodes {@code text}; {@code what} names it in errors ("recipient", "secret key"). */
    static Decoded decode(String text, String what) throws AgeFormatException {
        boolean lower = false;
        boolean upper = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 33 || c > 126) {
                throw malformed(what, "character outside printable ASCII");
            }
            lower |= c >= 'a' && c <= 'z';
            upper |= c >= 'A' && c <= 'Z';
        }
        if (lower && upper) {
            throw malformed(what, "mixed upper and lower case");
        }
        String s = text.toLowerCase(Locale.ROOT);
        int sep = s.lastIndexOf('1');
        if (sep < 1 || sep + 7 > s.length()) {
            throw malformed(what, "separator or checksum missing");
        }
        String hrp = s.substring(0, sep);
        byte[] values = new byte[s.length() - sep - 1];
        for (int i = 0; i < values.length; i++) {
            int v = CHARSET.indexOf(s.charAt(sep + 1 + i));
            if (v < 0) {
                throw malformed(what, "character outside the Bech32 alphabet");
            }
            values[i] = (byte) v;
        }
        if (polymod(expand(hrp, values)) != 1) {
            throw malformed(what, "checksum does not match");
        }
        byte[] payload = new byte[values.length - 6];
        System.arraycopy(values, 0, payload, 0, payload.length);
        byte[] data = convertBits(payload, 5, 8, false);
        if (data == null) {
            throw malformed(what, "invalid padding");
        }
        return new Decoded(hrp, data);
    }

    private static AgeFormatException malformed(String what, String why) {
        return new AgeFormatException(AgeFailure.KEY, "malformed " + what + ": " + why);
    }

    private static byte[] checksum(String hrp, byte[] values) {
        byte[] enc = expand(hrp, values);
        byte[] withZeros = new byte[enc.length + 6];
        System.arraycopy(enc, 0, withZeros, 0, enc.length);
        int mod = polymod(withZeros) ^ 1;
        byte[] out = new byte[6];
        for (int i = 0; i < 6; i++) {
            out[i] = (byte) ((mod >>> (5 * (5 - i))) & 31);
        }
        return out;
    }

    private static byte[] expand(String hrp, byte[] values) {
        int n = hrp.length();
        byte[] out = new byte[n * 2 + 1 + values.length];
        for (int i = 0; i < n; i++) {
            out[i] = (byte) (hrp.charAt(i) >> 5);
            out[n + 1 + i] = (byte) (hrp.charAt(i) & 31);
        }
        System.arraycopy(values, 0, out, n * 2 + 1, values.length);
        return out;
    }

    private static int polymod(byte[] values) {
        int chk = 1;
        for (byte v : values) {
            int top = chk >>> 25;
            chk = ((chk & 0x1ffffff) << 5) ^ v;
            for (int i = 0; i < 5; i++) {
                if (((top >>> i) & 1) != 0) {
                    chk ^= GENERATOR[i];
                }
            }
        }
        return chk;
    }

    /** Regroups bits; null when {@code pad} is false and the input has leftover non-zero or excess bits. */
    private static byte[] convertBits(byte[] in, int from, int to, boolean pad) {
        int acc = 0;
        int bits = 0;
        int maxv = (1 << to) - 1;
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length * from / to + 1);
        for (byte b : in) {
            acc = (acc << from) | (b & ((1 << from) - 1));
            bits += from;
            while (bits >= to) {
                bits -= to;
                out.write((acc >>> bits) & maxv);
            }
        }
        if (pad) {
            if (bits > 0) {
                out.write((acc << (to - bits)) & maxv);
            }
        } else if (bits >= from || ((acc << (to - bits)) & maxv) != 0) {
            return null;
        }
        return out.toByteArray();
    }
}
