package io.snapgrid.snapshot.s3;

import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.blobstore.TransientApiMetadata;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import java.net.URI;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-process s3proxy on a free port, over jclouds' in-memory "transient" blob store, checking AWS V4 signatures
 * with fixed test credentials, with one bucket. As a JUnit extension ({@code @RegisterExtension static}) it runs for
 * its test class; {@link #start()} and {@link #close()} run it elsewhere (crash drills, benchmarks). {@link #raw()} is
 * a plain S3 client for tampering behind the backend's back.
 */
public final class S3ProxyServer implements BeforeAllCallback, AfterAllCallback, AutoCloseable {

    /** The s3proxy on the test classpath, whose behaviour docs/s3.md reports. */
    public static final String VERSION = "2.6.0";
    public static final String ACCESS_KEY = "snapgrid-test";
    public static final String SECRET_KEY = "snapgrid-test-secret";
    public static final String REGION = "us-east-1";

    private final AtomicInteger prefixes = new AtomicInteger();
    private final String bucket;
    private final boolean createOnly;
    private BlobStoreContext blobs;
    private S3Proxy proxy;
    private URI endpoint;
    private S3Client raw;

    public S3ProxyServer(String bucket) {
        this(bucket, false);
    }

    /**
     * With {@code createOnly}, the backend's create-only puts of an existing key fail with 412, as on AWS S3
     * ({@link CreateOnlyBlobStore}); without, s3proxy 2.6.0 as it is, which overwrites.
     */
    public S3ProxyServer(String bucket, boolean createOnly) {
        this.bucket = bucket;
        this.createOnly = createOnly;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        close();
    }

    /** Starts s3proxy on a free port with an empty bucket. */
    public S3ProxyServer start() throws Exception {
        // By its metadata, not its name: a lookup by name loads every provider, s3proxy's Azure one included, whose
        // SDK the test classpath leaves out.
        blobs = ContextBuilder.newBuilder(new TransientApiMetadata())
                .credentials("identity", "credential").build(BlobStoreContext.class);
        listen(0);
        endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
        raw = S3Client.builder().httpClient(UrlConnectionHttpClient.create()).region(Region.of(REGION))
                .endpointOverride(endpoint).forcePathStyle(true).credentialsProvider(credentials())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED).build();
        raw.createBucket(create -> create.bucket(bucket));
        return this;
    }

    /** Stops answering, as an unreachable store would; the objects stay in memory for {@link #resume()}. */
    public void pause() throws Exception {
        proxy.stop();
    }

    /** Answers again, on the same port, with the objects it held when paused. */
    public void resume() throws Exception {
        listen(endpoint.getPort());
    }

    private void listen(int port) throws Exception {
        BlobStore store = createOnly ? new CreateOnlyBlobStore(blobs.getBlobStore()) : blobs.getBlobStore();
        proxy = S3Proxy.builder().blobStore(store).endpoint(URI.create("http://127.0.0.1:" + port))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY).build();
        proxy.start();
        while (!"STARTED".equals(proxy.getState())) {
            Thread.sleep(10);
        }
    }

    @Override
    public void close() throws Exception {
        raw.close();
        proxy.stop();
        blobs.close();
    }

    public URI endpoint() {
        return endpoint;
    }

    public String bucket() {
        return bucket;
    }

    public static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY));
    }

    public S3Client raw() {
        return raw;
    }

    /** A location in the bucket under a key prefix no other caller gets, so tests share the bucket unseen. */
    public S3Location freshLocation() {
        return location(bucket, "run-" + prefixes.incrementAndGet() + "/");
    }

    public S3Location location(String bucket, String keyPrefix) {
        return new S3Location(Optional.of(endpoint), REGION, bucket, keyPrefix, true, false);
    }
}
