package dev.grove.patina.store.s3;

import dev.grove.patina.util.Secret;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.MultipartUpload;

/**
 * A real S3 server in the test's JVM: S3Proxy on 127.0.0.1 over jclouds {@code filesystem-nio2} (a folder) or
 * {@code transient-nio2} (memory), with AWS v4 authentication. Buckets are created through the blob store (the app never creates any).
 */
public final class S3ProxyServer implements AutoCloseable {
    public static final String ACCESS_KEY = "patina-test-key";
    /** Distinctive, so a test can prove it never shows up in a message. */
    public static final String SECRET_KEY = "s3cr3t-VALUE-that-must-never-leak-9f2b";

    private final BlobStoreContext context;
    private final S3Proxy proxy;
    private final AtomicInteger buckets = new AtomicInteger();
    /** Completed uploads per object name, as the server saw them (a second upload of a key counts twice). */
    private final java.util.concurrent.ConcurrentHashMap<String, AtomicInteger> uploads =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** Objects in files under {@code folder}. */
    public S3ProxyServer(Path folder) throws Exception {
        this("filesystem-nio2", folder);
    }

    /** Objects in memory ({@code transient-nio2}). */
    public S3ProxyServer() throws Exception {
        this("transient", null);
    }

    private S3ProxyServer(String provider, Path folder) throws Exception {
        Properties properties = new Properties();
        if (folder != null) {
            properties.setProperty("jclouds.filesystem.basedir", folder.toString());
        }
        context = ContextBuilder.newBuilder(provider).credentials("identity", "credential")
                .overrides(properties).build(BlobStoreContext.class);
        proxy = S3Proxy.builder().blobStore(counting(context.getBlobStore())).endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .ignoreUnknownHeaders(true).build();
        proxy.start();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!"STARTED".equals(proxy.getState())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("S3Proxy did not start: " + proxy.getState());
            }
            Thread.sleep(10);
        }
    }

    /**
     * The blob store as S3Proxy serves it, counting each completed upload by object name: a plain put, or the
     * completion of a multipart upload (an upload cut off before completion does not count).
     */
    private BlobStore counting(BlobStore real) {
        return (BlobStore) java.lang.reflect.Proxy.newProxyInstance(BlobStore.class.getClassLoader(),
                new Class<?>[] {BlobStore.class}, (self, method, args) -> {
                    Object result;
                    try {
                        result = method.invoke(real, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                    String name = null;
                    if (method.getName().equals("putBlob") && args != null && args.length >= 2
                            && args[1] instanceof org.jclouds.blobstore.domain.Blob blob) {
                        name = blob.getMetadata().getName();
                    } else if (method.getName().equals("completeMultipartUpload") && args != null
                            && args[0] instanceof org.jclouds.blobstore.domain.MultipartUpload mpu) {
                        name = mpu.blobName();
                    }
                    if (name != null) {
                        uploads.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
                    }
                    return result;
                });
    }

    /** How many uploads of each object name the server completed (all buckets). */
    public java.util.Map<String, Integer> completedUploads() {
        java.util.Map<String, Integer> out = new java.util.TreeMap<>();
        uploads.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    public int port() {
        return proxy.getPort();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port());
    }

    BlobStore blobStore() {
        return context.getBlobStore();
    }

    /** A new, empty bucket. */
    public String newBucket() {
        String name = "patina-test-" + buckets.incrementAndGet();
        blobStore().createContainerInLocation(null, name);
        return name;
    }

    public S3Settings settings(String bucket, String prefix) {
        return S3Settings.of(endpoint(), bucket, ACCESS_KEY, new Secret(SECRET_KEY, "env:TEST_SECRET"), prefix);
    }

    /** A plain SDK client on the server, for what the store must not be trusted to check about itself. */
    S3Client rawClient() {
        return S3Client.builder().endpointOverride(endpoint()).region(Region.of("auto")).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY,
                        SECRET_KEY)))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClientBuilder(software.amazon.awssdk.http.apache5.Apache5HttpClient.builder())
                .build();
    }

    /** Unfinished multipart uploads in the bucket, as {@code key#uploadId}. */
    List<String> unfinishedUploads(S3Client raw, String bucket) {
        return raw.listMultipartUploads(b -> b.bucket(bucket)).uploads().stream()
                .map((MultipartUpload u) -> u.key() + "#" + u.uploadId()).toList();
    }

    /** Unfinished multipart uploads in the bucket, as {@code key#uploadId} (a fresh client, closed after). */
    public List<String> unfinishedUploads(String bucket) {
        try (S3Client raw = rawClient()) {
            return unfinishedUploads(raw, bucket);
        }
    }

    /** The keys of the objects in the bucket, sorted (a fresh client, closed after). */
    public List<String> objectKeys(String bucket) {
        try (S3Client raw = rawClient()) {
            return raw.listObjectsV2Paginator(b -> b.bucket(bucket)).contents().stream()
                    .map(software.amazon.awssdk.services.s3.model.S3Object::key).sorted().toList();
        }
    }

    /**
     * Replaces the bytes of {@code key} behind the store's back, keeping its user metadata (its recorded SHA-256):
     * an object damaged after it was backed up.
     */
    public void overwrite(String bucket, String key, byte[] bytes) {
        try (S3Client raw = rawClient()) {
            java.util.Map<String, String> metadata = raw.headObject(b -> b.bucket(bucket).key(key)).metadata();
            raw.putObject(b -> b.bucket(bucket).key(key).metadata(metadata),
                    software.amazon.awssdk.core.sync.RequestBody.fromBytes(bytes));
        }
    }

    /** The bytes of {@code key} as the server holds them (a fresh client, closed after). */
    public byte[] objectBytes(String bucket, String key) {
        try (S3Client raw = rawClient()) {
            return raw.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
        }
    }

    @Override
    public void close() throws java.io.IOException {
        try {
            proxy.stop();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new java.io.IOException("could not stop S3Proxy", e);
        } finally {
            context.close();
        }
    }
}
