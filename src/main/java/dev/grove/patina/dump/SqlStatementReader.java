package dev.grove.patina.dump;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Objects;

/**
 * Splits a UTF-8 SQL dump into statements exactly where SQLite's {@code sqlite3_complete()} would.
 *
 * <p>The boundary logic is a port of the token state machine in SQLite's {@code complete.c}
 * (public domain): a {@code ;} ends a statement unless it stands inside a {@code '…'} string,
 * a {@code "…"}, {@code `…`} or {@code […]} identifier, a comment, or the body of a
 * {@code CREATE TRIGGER … BEGIN … END;}. Whitespace and comments between statements are dropped,
 * except that a line starting with {@code -- patina:header } or {@code -- patina:footer } is captured.
 * The reader works on bytes: every byte the grammar cares about is ASCII, and UTF-8 continuation
 * bytes never look like ASCII. It also hashes the stream with SHA-256 up to the footer line.
 *
 * <p>An instance is not thread-safe; it is meant to be read from start to end by one thread. After
 * {@link #next()} has thrown an {@link IOException} the reader should not be used any further.
 *
 * <p><b>Why this class is long.</b> It reads every byte of a dump once, in one buffer: the boundary state machine,
 * the capture of the header and footer lines and the statement buffer advance on the same byte in the same loop, and
 * the SHA-256 is fed from that buffer up to the footer line's first byte, which only this loop finds. Parting them
 * into classes would put a call (or a second pass) on every byte of a multi-gigabyte file, so the reader stays in
 * one file, over the 400-line rule on purpose.
 */
public final class SqlStatementReader implements Closeable {

    static final int DEFAULT_BUFFER_SIZE = 256 * 1024;
    /** No statement is longer than this unless the caller says otherwise (RELIABILITY 31). */
    public static final long DEFAULT_MAX_STATEMENT_BYTES = 64L << 20;
    /** After a statement longer than this, its buffer is given back rather than kept for the next one. */
    private static final int KEEP_STATEMENT_BUFFER = 1 << 20;

    private static final byte[] HEADER_PREFIX = "-- patina:header ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FOOTER_PREFIX = "-- patina:footer ".getBytes(StandardCharsets.US_ASCII);
    private static final int PREFIX_LENGTH = 17;
    /** The longest header or footer line accepted; a longer one is not something Patina wrote. */
    static final int MAX_PATINA_LINE = 4 * 1024 * 1024;

    // Tokens of sqlite3_complete().
    private static final int TK_SEMI = 0;
    private static final int TK_WS = 1;
    private static final int TK_OTHER = 2;
    private static final int TK_EXPLAIN = 3;
    private static final int TK_CREATE = 4;
    private static final int TK_TEMP = 5;
    private static final int TK_TRIGGER = 6;
    private static final int TK_END = 7;

    // States of sqlite3_complete(); the reader starts every statement in START.
    private static final int ST_START = 1;
    private static final int ST_NORMAL = 2;
    private static final int ST_TRIGGER = 5;

    /** The transition table of sqlite3_complete(), indexed by [state][token]. */
    private static final byte[][] TRANS = {
        /*                SEMI WS OTHER EXPLAIN CREATE TEMP TRIGGER END */
        /* 0 INVALID */ {1, 0, 2, 3, 4, 2, 2, 2},
        /* 1 START   */ {1, 1, 2, 3, 4, 2, 2, 2},
        /* 2 NORMAL  */ {1, 2, 2, 2, 2, 2, 2, 2},
        /* 3 EXPLAIN */ {1, 3, 3, 2, 4, 2, 2, 2},
        /* 4 CREATE  */ {1, 4, 2, 2, 2, 4, 5, 2},
        /* 5 TRIGGER */ {6, 5, 5, 5, 5, 5, 5, 5},
        /* 6 SEMI    */ {6, 6, 5, 5, 5, 5, 5, 7},
        /* 7 END     */ {1, 7, 5, 5, 5, 5, 5, 5},
    };

    // Byte classes for the scanner.
    private static final byte C_OTHER = 0;
    private static final byte C_WS = 1;
    private static final byte C_NL = 2;
    private static final byte C_SEMI = 3;
    private static final byte C_QUOTE = 4;
    private static final byte C_BRACKET = 5;
    private static final byte C_DASH = 6;
    private static final byte C_SLASH = 7;
    private static final byte C_ID = 8;

    /** Read-only lookup table from byte value to byte class. */
    private static final byte[] CLASS = new byte[256];

    static {
        for (int c = 0; c < 256; c++) {
            CLASS[c] = isIdChar(c) ? C_ID : C_OTHER;
        }
        CLASS[' '] = C_WS;
        CLASS['\t'] = C_WS;
        CLASS['\r'] = C_WS;
        CLASS['\f'] = C_WS;
        CLASS['\n'] = C_NL;
        CLASS[';'] = C_SEMI;
        CLASS['\''] = C_QUOTE;
        CLASS['"'] = C_QUOTE;
        CLASS['`'] = C_QUOTE;
        CLASS['['] = C_BRACKET;
        CLASS['-'] = C_DASH;
        CLASS['/'] = C_SLASH;
    }

    // Lexer states, kept between buffers.
    private static final int LX_BETWEEN = 0;     // outside any statement
    private static final int LX_TOP = 1;         // inside a statement, between tokens
    private static final int LX_QUOTE = 2;       // inside '…', "…" or `…`
    private static final int LX_BRACKET = 3;     // inside […]
    private static final int LX_LINE_COMMENT = 4;
    private static final int LX_BLOCK_COMMENT = 5;
    private static final int LX_DASH = 6;        // saw '-', not yet known whether it starts a comment
    private static final int LX_SLASH = 7;       // saw '/', not yet known whether it starts a comment
    private static final int LX_WORD = 8;        // inside an identifier or keyword
    private static final int LX_CAPTURE = 9;     // inside a line comment that may be a patina header or footer

    private static final int CAPTURE_UNDECIDED = 0;
    private static final int CAPTURE_HEADER = 1;
    private static final int CAPTURE_FOOTER = 2;

    private final InputStream in;
    private final byte[] buf;
    private final long maxStatementBytes;
    private int pos;
    private int limit;
    private boolean started;
    private byte[] head = new byte[0]; // the first bytes, read apart to look for a byte order mark
    private int headPos;
    private boolean finished;
    private long bytesRead;

    // Scanner state.
    private int lex = LX_BETWEEN;
    private int sm = ST_START;
    private boolean inStatement;
    private boolean lineStart = true;
    private long line = 1;
    private int quote;
    private boolean starSeen;
    private long commentLine;
    private boolean classifyWord;
    private int wordLength;
    private final byte[] word = new byte[9];

    // The current statement: bytes from stmtStart in buf, preceded by stmtLength bytes already in stmtBuf.
    private int stmtStart;
    private long stmtLine;
    private byte[] stmtBuf = new byte[8192];
    private int stmtLength;
    private long statementCount;

    // Header and footer capture.
    private byte[] capture = new byte[256];
    private int captureLength;
    private int captureKind;
    private String headerJson;
    private String footerJson;
    private boolean footerSeen;

    // Hashing: bytes of buf before hashPos are hashed; while hashHeld, consumed bytes are in capture instead.
    private final MessageDigest digest;
    private int hashPos;
    private boolean hashHeld;
    private byte[] sha256;

    /**
     * Creates a reader over a dump's bytes, which must already be decompressed UTF-8.
     *
     * @param in the dump; the reader buffers it itself and closes it in {@link #close()}
     */
    public SqlStatementReader(InputStream in) {
        this(in, DEFAULT_BUFFER_SIZE, DEFAULT_MAX_STATEMENT_BYTES);
    }

    /**
     * Creates a reader that refuses any statement longer than {@code maxStatementBytes} with a
     * {@link StatementTooLongException} naming its number and line, before it holds more than that in memory.
     */
    public SqlStatementReader(InputStream in, long maxStatementBytes) {
        this(in, DEFAULT_BUFFER_SIZE, maxStatementBytes);
    }

    /** Creates a reader with a given buffer size; tests use tiny buffers to exercise every buffer boundary. */
    SqlStatementReader(InputStream in, int bufferSize) {
        this(in, bufferSize, DEFAULT_MAX_STATEMENT_BYTES);
    }

    private SqlStatementReader(InputStream in, int bufferSize, long maxStatementBytes) {
        this.in = Objects.requireNonNull(in, "in");
        if (bufferSize < 1) {
            throw new IllegalArgumentException("bufferSize must be positive");
        }
        if (maxStatementBytes < 1) {
            throw new IllegalArgumentException("maxStatementBytes must be positive");
        }
        this.maxStatementBytes = maxStatementBytes;
        this.buf = new byte[bufferSize];
        try {
            this.digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /**
     * Reads the next complete statement.
     *
     * @return the statement, or null at the end of the input
     * @throws IOException when reading fails, when the input ends inside a statement or comment,
     *                     or when anything but whitespace follows the footer line
     */
    public SqlStatement next() throws IOException {
        if (finished) {
            return null;
        }
        for (;;) {
            if (pos >= limit && !refill()) {
                finish();
                return null;
            }
            SqlStatement statement = scan();
            if (statement != null) {
                return statement;
            }
        }
    }

    /** Returns the JSON text of the {@code -- patina:header } line seen so far, or null if there was none. */
    public String headerJson() {
        return headerJson;
    }

    /** Returns the JSON text of the {@code -- patina:footer } line seen so far, or null if there was none. */
    public String footerJson() {
        return footerJson;
    }

    /**
     * Returns the SHA-256 of every byte before the footer line, or of the whole input when there is no footer.
     * The byte order mark, if any, is included.
     *
     * @throws IllegalStateException if {@link #next()} has not yet returned null
     */
    public byte[] sha256BeforeFooter() {
        if (!finished) {
            throw new IllegalStateException("the digest is known only after next() has returned null");
        }
        return sha256.clone();
    }

    /** Returns how many bytes have been read from the underlying stream so far. */
    public long bytesRead() {
        return bytesRead;
    }

    /** Closes the underlying stream. */
    @Override
    public void close() throws IOException {
        in.close();
    }

    // ------------------------------------------------------------------------------------------
    // Buffer management

    private boolean refill() throws IOException {
        if (inStatement) {
            appendStatement(buf, stmtStart, limit - stmtStart);
            stmtStart = 0;
        }
        if (sha256 == null && !hashHeld && limit > hashPos) {
            digest.update(buf, hashPos, limit - hashPos);
        }
        hashPos = 0;
        if (!started) {
            started = true;
            head = in.readNBytes(3);
            bytesRead += head.length;
            if (head.length == 3 && head[0] == (byte) 0xEF && head[1] == (byte) 0xBB && head[2] == (byte) 0xBF) {
                digest.update(head); // the byte order mark is skipped, but it is part of the hashed bytes
                headPos = 3;
            }
        }
        int n = 0;
        while (headPos < head.length && n < buf.length) {
            buf[n++] = head[headPos++];
        }
        if (n < buf.length) {
            int m = in.readNBytes(buf, n, buf.length - n);
            bytesRead += m;
            n += m;
        }
        pos = 0;
        limit = n;
        return n > 0;
    }

    private void appendStatement(byte[] src, int off, int len) throws StatementTooLongException {
        if (len <= 0) {
            return;
        }
        long needed = (long) stmtLength + len;
        if (needed > maxStatementBytes) {
            stmtBuf = new byte[8192]; // give the memory back at once
            stmtLength = 0;
            throw new StatementTooLongException(statementCount + 1, stmtLine, maxStatementBytes);
        }
        if (needed > stmtBuf.length) {
            long grown = Math.max(needed, Math.min((long) stmtBuf.length * 2, maxStatementBytes));
            stmtBuf = Arrays.copyOf(stmtBuf, (int) Math.min(grown, Integer.MAX_VALUE - 16));
        }
        System.arraycopy(src, off, stmtBuf, stmtLength, len);
        stmtLength = (int) needed;
    }

    private void appendCapture(byte b) {
        if (captureLength == capture.length) {
            capture = Arrays.copyOf(capture, capture.length * 2);
        }
        capture[captureLength++] = b;
    }

    // ------------------------------------------------------------------------------------------
    // Scanner

    /** Scans from pos; returns a completed statement, or null once the buffer is used up. */
    private SqlStatement scan() throws IOException {
        final byte[] b = buf;
        final int lim = limit;
        int p = pos;
        while (p < lim) {
            switch (lex) {
                case LX_BETWEEN:
                    p = scanBetween(b, p, lim);
                    break;
                case LX_TOP: {
                    // The hot loop: top-level bytes inside a statement.
                    int s = sm;
                    long ln = line;
                    top:
                    while (p < lim) {
                        byte c = b[p];
                        switch (CLASS[c & 0xFF]) {
                            case C_NL:
                                ln++;
                                p++;
                                break;
                            case C_WS:
                                p++;
                                break;
                            case C_SEMI:
                                s = TRANS[s][TK_SEMI];
                                p++;
                                if (s == ST_START) {
                                    sm = s;
                                    line = ln;
                                    return completeStatement(p);
                                }
                                break;
                            case C_QUOTE:
                                quote = c;
                                p++;
                                lex = LX_QUOTE;
                                break top;
                            case C_BRACKET:
                                p++;
                                lex = LX_BRACKET;
                                break top;
                            case C_DASH:
                                p++;
                                lex = LX_DASH;
                                break top;
                            case C_SLASH:
                                p++;
                                lex = LX_SLASH;
                                break top;
                            case C_ID:
                                if (s == ST_NORMAL || s == ST_TRIGGER) {
                                    // In these states every word leaves the state unchanged: just skip it.
                                    p++;
                                    while (p < lim && CLASS[b[p] & 0xFF] == C_ID) {
                                        p++;
                                    }
                                    if (p == lim) {
                                        classifyWord = false;
                                        lex = LX_WORD;
                                        break top;
                                    }
                                } else {
                                    classifyWord = true;
                                    wordLength = 0;
                                    lex = LX_WORD;
                                    break top;
                                }
                                break;
                            default:
                                s = TRANS[s][TK_OTHER];
                                p++;
                                break;
                        }
                    }
                    sm = s;
                    line = ln;
                    break;
                }
                case LX_QUOTE: {
                    final int q = quote;
                    long ln = line;
                    boolean closed = false;
                    while (p < lim) {
                        byte c = b[p++];
                        if (c == q) {
                            closed = true;
                            break;
                        }
                        if (c == '\n') {
                            ln++;
                        }
                    }
                    line = ln;
                    if (closed) {
                        sm = TRANS[sm][TK_OTHER];
                        lex = LX_TOP;
                    }
                    break;
                }
                case LX_BRACKET: {
                    long ln = line;
                    boolean closed = false;
                    while (p < lim) {
                        byte c = b[p++];
                        if (c == ']') {
                            closed = true;
                            break;
                        }
                        if (c == '\n') {
                            ln++;
                        }
                    }
                    line = ln;
                    if (closed) {
                        sm = TRANS[sm][TK_OTHER];
                        lex = LX_TOP;
                    }
                    break;
                }
                case LX_WORD:
                    p = scanWord(b, p, lim);
                    break;
                case LX_DASH:
                    p = afterDash(b, p);
                    break;
                case LX_SLASH:
                    p = afterSlash(b, p);
                    break;
                case LX_LINE_COMMENT: {
                    while (p < lim && b[p] != '\n') {
                        p++;
                    }
                    if (p < lim) {
                        p++; // the newline ends the comment, which counts as whitespace
                        line++;
                        if (inStatement) {
                            lex = LX_TOP;
                        } else {
                            lex = LX_BETWEEN;
                            lineStart = true;
                        }
                    }
                    break;
                }
                case LX_BLOCK_COMMENT: {
                    boolean star = starSeen;
                    long ln = line;
                    boolean closed = false;
                    while (p < lim) {
                        byte c = b[p++];
                        if (c == '/' && star) {
                            closed = true;
                            break;
                        }
                        star = c == '*';
                        if (c == '\n') {
                            ln++;
                        }
                    }
                    starSeen = star;
                    line = ln;
                    if (closed) {
                        if (inStatement) {
                            lex = LX_TOP;
                        } else {
                            lex = LX_BETWEEN;
                            lineStart = false;
                        }
                    }
                    break;
                }
                case LX_CAPTURE:
                    p = scanCapture(b, p, lim);
                    break;
                default:
                    throw new IllegalStateException("unknown lexer state " + lex);
            }
        }
        pos = p;
        return null;
    }

    /** Scans whitespace, empty statements and comments between statements; returns the new position. */
    private int scanBetween(byte[] b, int p, int lim) throws IOException {
        while (p < lim) {
            byte c = b[p];
            byte cls = CLASS[c & 0xFF];
            if (cls == C_NL) {
                line++;
                lineStart = true;
                p++;
                continue;
            }
            if (cls == C_WS) {
                lineStart = false;
                p++;
                continue;
            }
            if (footerSeen) {
                throw new IOException("dump continues after its footer at line " + line);
            }
            if (cls == C_SEMI) { // an empty statement: nothing to run
                lineStart = false;
                p++;
                continue;
            }
            if (cls == C_DASH) {
                if (lineStart) {
                    // Possibly a patina header or footer line: hold hashing at its first byte.
                    holdHash(p);
                    captureLength = 0;
                    appendCapture(c);
                }
                lineStart = false;
                lex = LX_DASH;
                return p + 1;
            }
            if (cls == C_SLASH) {
                lineStart = false;
                lex = LX_SLASH;
                return p + 1;
            }
            beginStatement(p);
            return p;
        }
        return p;
    }

    private void beginStatement(int p) {
        inStatement = true;
        stmtStart = p;
        stmtLine = line;
        stmtLength = 0;
        sm = ST_START;
        lex = LX_TOP;
    }

    /** Begins a statement whose first byte ({@code -} or {@code /}) was consumed before position p. */
    private void beginStatementWithPending(byte pending, int p) {
        beginStatement(p);
        stmtBuf[0] = pending;
        stmtLength = 1;
    }

    private int afterDash(byte[] b, int p) {
        byte c = b[p];
        if (c == '-') {
            if (hashHeld) {
                appendCapture(c);
                captureKind = CAPTURE_UNDECIDED;
                lex = LX_CAPTURE;
            } else {
                lex = LX_LINE_COMMENT;
            }
            return p + 1;
        }
        // The '-' was an operator token; c is processed again at top level.
        if (!inStatement) {
            if (hashHeld) {
                releaseHash(p);
            }
            beginStatementWithPending((byte) '-', p);
        }
        sm = TRANS[sm][TK_OTHER];
        lex = LX_TOP;
        return p;
    }

    private int afterSlash(byte[] b, int p) {
        if (b[p] == '*') {
            starSeen = false;
            commentLine = line;
            lex = LX_BLOCK_COMMENT;
            return p + 1;
        }
        if (!inStatement) {
            beginStatementWithPending((byte) '/', p);
        }
        sm = TRANS[sm][TK_OTHER];
        lex = LX_TOP;
        return p;
    }

    private int scanWord(byte[] b, int p, int lim) {
        if (!classifyWord) {
            while (p < lim && CLASS[b[p] & 0xFF] == C_ID) {
                p++;
            }
            if (p < lim) {
                lex = LX_TOP; // the state is NORMAL or TRIGGER, which no word changes
            }
            return p;
        }
        while (p < lim) {
            byte c = b[p];
            if (CLASS[c & 0xFF] != C_ID) {
                sm = TRANS[sm][keywordToken()];
                lex = LX_TOP;
                return p;
            }
            if (wordLength < word.length) {
                word[wordLength] = (byte) (c | 0x20); // lower-cases letters; other bytes never match a keyword
            }
            wordLength++;
            p++;
        }
        return p;
    }

    /** Classifies the word just read the way sqlite3_complete() does. */
    private int keywordToken() {
        switch (wordLength) {
            case 3:
                return matches("end") ? TK_END : TK_OTHER;
            case 4:
                return matches("temp") ? TK_TEMP : TK_OTHER;
            case 6:
                return matches("create") ? TK_CREATE : TK_OTHER;
            case 7:
                return matches("trigger") ? TK_TRIGGER : matches("explain") ? TK_EXPLAIN : TK_OTHER;
            case 9:
                return matches("temporary") ? TK_TEMP : TK_OTHER;
            default:
                return TK_OTHER;
        }
    }

    private boolean matches(String keyword) {
        for (int i = 0; i < keyword.length(); i++) {
            if (word[i] != keyword.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Scans a line comment between statements that may be a patina header or footer. */
    private int scanCapture(byte[] b, int p, int lim) throws IOException {
        while (p < lim) {
            byte c = b[p++];
            if (c == '\n') {
                endCapture(p - 1);
                line++;
                lineStart = true;
                lex = LX_BETWEEN;
                return p;
            }
            if (captureLength >= MAX_PATINA_LINE) {
                throw new IOException("the " + (captureKind == CAPTURE_FOOTER ? "footer" : "header")
                        + " line at line " + line + " is longer than " + MAX_PATINA_LINE + " bytes");
            }
            appendCapture(c);
            if (captureKind == CAPTURE_UNDECIDED && captureLength == PREFIX_LENGTH) {
                if (startsWith(capture, FOOTER_PREFIX)) {
                    sha256 = digest.digest(); // everything before the footer line's first byte
                    hashHeld = false;
                    captureKind = CAPTURE_FOOTER;
                } else if (startsWith(capture, HEADER_PREFIX)) {
                    releaseHash(p);
                    captureKind = CAPTURE_HEADER;
                } else {
                    releaseHash(p);
                    lex = LX_LINE_COMMENT; // an ordinary comment
                    return p;
                }
            }
        }
        return p;
    }

    /** Ends a captured comment line; resumeAt is the index in buf of the first byte not captured. */
    private void endCapture(int resumeAt) {
        if (hashHeld) {
            releaseHash(resumeAt);
            return; // shorter than the prefix: an ordinary comment
        }
        int end = captureLength;
        if (end > PREFIX_LENGTH && capture[end - 1] == '\r') {
            end--;
        }
        String json = new String(capture, PREFIX_LENGTH, Math.max(0, end - PREFIX_LENGTH), StandardCharsets.UTF_8);
        if (captureKind == CAPTURE_HEADER) {
            if (headerJson == null) {
                headerJson = json;
            }
        } else if (captureKind == CAPTURE_FOOTER) {
            footerJson = json;
            footerSeen = true;
        }
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private void holdHash(int p) {
        if (sha256 == null && p > hashPos) {
            digest.update(buf, hashPos, p - hashPos);
        }
        hashPos = p;
        hashHeld = true;
    }

    /** Hashes the held bytes (kept in capture) and resumes hashing buf at resumeAt. */
    private void releaseHash(int resumeAt) {
        if (sha256 == null) {
            digest.update(capture, 0, captureLength);
        }
        hashHeld = false;
        hashPos = resumeAt;
    }

    private SqlStatement completeStatement(int end) throws StatementTooLongException {
        String sql;
        if (stmtLength == 0) {
            if (end - stmtStart > maxStatementBytes) {
                throw new StatementTooLongException(statementCount + 1, stmtLine, maxStatementBytes);
            }
            sql = new String(buf, stmtStart, end - stmtStart, StandardCharsets.UTF_8);
        } else {
            appendStatement(buf, stmtStart, end - stmtStart);
            sql = new String(stmtBuf, 0, stmtLength, StandardCharsets.UTF_8);
            stmtLength = 0;
            if (stmtBuf.length > KEEP_STATEMENT_BUFFER) {
                stmtBuf = new byte[8192];
            }
        }
        inStatement = false;
        lex = LX_BETWEEN;
        lineStart = false;
        pos = end;
        statementCount++;
        return new SqlStatement(statementCount, stmtLine, sql);
    }

    /** Handles the end of the input: checks that nothing is left open and fixes the digest. */
    private void finish() throws IOException {
        switch (lex) {
            case LX_CAPTURE:
                endCapture(limit);
                lex = LX_BETWEEN;
                break;
            case LX_DASH:
            case LX_SLASH:
                if (!inStatement) {
                    // A lone '-' or '/' is the first byte of a statement that never ends.
                    throw truncated(statementCount + 1, line, "");
                }
                break;
            case LX_BLOCK_COMMENT:
                if (!inStatement) {
                    throw new IOException("the /* comment starting at line " + commentLine
                            + " is not terminated — the dump looks truncated");
                }
                break;
            default:
                break;
        }
        if (inStatement) {
            String detail;
            switch (lex) {
                case LX_QUOTE:
                    detail = " (the input ends inside a " + (char) quote + "…" + (char) quote + " literal)";
                    break;
                case LX_BRACKET:
                    detail = " (the input ends inside a […] identifier)";
                    break;
                case LX_BLOCK_COMMENT:
                    detail = " (the input ends inside a /* comment)";
                    break;
                default:
                    detail = sm >= ST_TRIGGER ? " (the input ends inside a CREATE TRIGGER body)" : "";
                    break;
            }
            throw truncated(statementCount + 1, stmtLine, detail);
        }
        if (hashHeld) {
            releaseHash(limit);
        }
        if (sha256 == null) {
            sha256 = digest.digest();
        }
        finished = true;
    }

    private static IOException truncated(long number, long atLine, String detail) {
        return new IOException("statement " + number + " (line " + atLine + ") is not terminated — the dump looks truncated"
                + detail);
    }

    /** Mirrors SQLite's IdChar(): letters, digits, '_', '$' and every byte of a multi-byte UTF-8 character. */
    private static boolean isIdChar(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '_' || c == '$' || c >= 0x80;
    }
}
