package io.snapgrid.records;

/**
 * Where in a record a value sits. Built as a cheap chain while walking and rendered only when an error needs it,
 * as {@code nics[1].mac} or {@code labels.rack}.
 */
final class Path {

    static final Path ROOT = new Path(null, null, -1);

    private final Path parent;
    private final String name;
    private final int index;

    private Path(Path parent, String name, int index) {
        this.parent = parent;
        this.name = name;
        this.index = index;
    }

    /** A record field or a map key. */
    Path child(String name) {
        return new Path(this, name, -1);
    }

    Path index(int index) {
        return new Path(this, null, index);
    }

    RecordValidationException invalid(String message) {
        return new RecordValidationException(toString(), message);
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        render(out);
        return out.toString();
    }

    private void render(StringBuilder out) {
        if (parent == null) {
            return;
        }
        parent.render(out);
        if (name == null) {
            out.append('[').append(index).append(']');
        } else {
            if (out.length() > 0) {
                out.append('.');
            }
            out.append(name);
        }
    }
}
