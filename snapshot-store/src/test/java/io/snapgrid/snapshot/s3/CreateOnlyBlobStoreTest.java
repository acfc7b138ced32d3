package io.snapgrid.snapshot.s3;

import io.snapgrid.snapshot.PendingFile;
import io.snapgrid.snapshot.SnapshotFileExistsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The s3proxy that the node's tests run on answers the backend's create-only puts of an existing key with 412, as AWS
 * S3 does: of two writers that both found a path free, the second to commit loses with
 * {@link SnapshotFileExistsException} and the first one's bytes stay.
 */
class CreateOnlyBlobStoreTest {

    @RegisterExtension
    static final S3ProxyServer S3 = new S3ProxyServer("snapgrid-create-only", true);

    @Test
    void ofTwoWritersThatFoundAPathFreeTheSecondToCommitLoses() throws IOException {
        S3Location location = S3.freshLocation();
        try (S3SnapshotStorage first = new S3SnapshotStorage(location, S3Tuning.defaults(), S3ProxyServer.credentials());
             S3SnapshotStorage second = new S3SnapshotStorage(location, S3Tuning.defaults(),
                     S3ProxyServer.credentials())) {
            try (PendingFile won = first.create("map=m/manifests/1.json");
                 PendingFile lost = second.create("map=m/manifests/1.json")) {
                won.out().write("first".getBytes(StandardCharsets.UTF_8));
                lost.out().write("second".getBytes(StandardCharsets.UTF_8));
                won.commit();
                assertThrows(SnapshotFileExistsException.class, lost::commit);
            }
            assertArrayEquals("first".getBytes(StandardCharsets.UTF_8), S3.raw().getObjectAsBytes(get -> get
                    .bucket(location.bucket()).key(location.key("map=m/manifests/1.json"))).asByteArray());
        }
    }
}
