package io.snapgrid.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/** The options every command takes: where the node is, the token to send, and the output form. */
final class Connection {

    @Option(names = "--url", paramLabel = "URL", defaultValue = "${env:SNAPGRID_URL:-http://127.0.0.1:8080}",
            description = "A node's REST base URL (env SNAPGRID_URL; default ${DEFAULT-VALUE})")
    String url;

    @Option(names = "--token", paramLabel = "TOKEN", defaultValue = "${env:SNAPGRID_TOKEN}",
            description = "Sent as 'Authorization: Bearer TOKEN' (env SNAPGRID_TOKEN)")
    String token;

    @Option(names = "--ca-cert", paramLabel = "FILE", defaultValue = "${env:SNAPGRID_CA_CERT}",
            description = "PEM certificates to trust for an https:// URL instead of the JDK's CAs, e.g. a private CA"
                    + " or a node's self-signed certificate (env SNAPGRID_CA_CERT)")
    Path caCert;

    @Option(names = "--json", description = "Print the node's JSON instead of a table, for scripts")
    boolean json;

    RestClient client() {
        return new RestClient(url, token, caCert == null ? null : TrustedCertificates.of(caCert));
    }
}
