package io.snapgrid.k8s;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What k8s/Dockerfile's ENTRYPOINT passes to the JVM (the image itself cannot be built in the tests). */
final class Dockerfile {

    private static final Pattern ENTRYPOINT = Pattern.compile("^ENTRYPOINT\\s+(\\[.*?\\])\\s*$",
            Pattern.MULTILINE | Pattern.DOTALL);

    private Dockerfile() {
    }

    /** The exec-form ENTRYPOINT's arguments between {@code java} and {@code -jar}. */
    static List<String> jvmOptions() {
        String text;
        try {
            text = Files.readString(Kustomize.K8S.resolve("Dockerfile")).replace("\\\n", " ");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Matcher entrypoint = ENTRYPOINT.matcher(text);
        if (!entrypoint.find()) {
            throw new AssertionError("k8s/Dockerfile has no exec-form ENTRYPOINT");
        }
        List<String> command;
        try {
            command = Arrays.asList(new ObjectMapper().readValue(entrypoint.group(1), String[].class));
        } catch (IOException e) {
            throw new AssertionError("k8s/Dockerfile's ENTRYPOINT is not a JSON array: " + e.getMessage(), e);
        }
        int jar = command.indexOf("-jar");
        if (command.isEmpty() || !command.get(0).equals("java") || jar < 0) {
            throw new AssertionError("k8s/Dockerfile's ENTRYPOINT is not java ... -jar: " + command);
        }
        return command.subList(1, jar);
    }
}
