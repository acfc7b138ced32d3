package io.snapgrid.records;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.avro.Schema;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Writes Java records, enums and Compact serializers for {@code .avsc} schemas, so that the client kit's types are
 * derived from the very files the members bind to their maps. The serializers write the Compact form that
 * {@link CompactRecordWriter} builds (type name = Avro full name, the same field names and kinds, map entries as
 * sorted {@code key}/{@code value} records), so a typed client and a GenericRecord client read each other's records.
 * Run at build time: {@code JavaRecordGenerator <schema dir> <output source dir> <java package>}.
 * The generated code uses the client kit's hand-written {@value #HELPERS}, so a second version of a type can be
 * generated into another package (the evolution test does).
 */
public final class JavaRecordGenerator {

    static final String HELPERS = "io.snapgrid.client.records.CompactFields";

    private final String javaPackage;
    /** Java simple name to the source of each type, in the order the schemas name them. */
    private final Map<String, String> sources = new LinkedHashMap<>();
    private final Map<String, String> fullNames = new LinkedHashMap<>();
    private final List<String> serializers = new ArrayList<>();

    JavaRecordGenerator(String javaPackage) {
        this.javaPackage = javaPackage;
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: JavaRecordGenerator <schema dir> <output dir> <java package>");
        }
        JavaRecordGenerator generator = new JavaRecordGenerator(args[2]);
        List<Path> schemas;
        try (Stream<Path> files = Files.list(Path.of(args[0]))) {
            schemas = files.filter(file -> file.toString().endsWith(".avsc")).sorted().toList();
        }
        for (Path schema : schemas) {
            try {
                generator.add(new Schema.Parser().parse(schema.toFile()));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(schema + ": " + e.getMessage(), e);
            }
        }
        generator.writeTo(Path.of(args[1]));
    }

    /** Adds the types of one record schema (the record, its nested records and enums, its map entries). */
    void add(Schema schema) {
        struct(SchemaCompiler.compile(schema), true);
    }

    Map<String, String> sources() {
        Map<String, String> all = new LinkedHashMap<>(sources);
        all.put("SnapgridRecords", registry());
        return all;
    }

    void writeTo(Path root) throws IOException {
        Path dir = root.resolve(javaPackage.replace('.', '/'));
        Files.createDirectories(dir);
        for (Map.Entry<String, String> source : sources().entrySet()) {
            Files.writeString(dir.resolve(source.getKey() + ".java"), source.getValue());
        }
    }

    private boolean claim(String simpleName, String fullName) {
        String previous = fullNames.putIfAbsent(simpleName, fullName);
        if (previous != null && !previous.equals(fullName)) {
            throw new UnsupportedSchemaException("types " + previous + " and " + fullName + " would both be Java type "
                    + javaPackage + "." + simpleName);
        }
        return previous == null;
    }

    private void struct(Shape.Struct struct, boolean top) {
        String name = struct.avro().getName();
        if (!claim(name, struct.typeName())) {
            return;
        }
        for (RecordField field : struct.fields()) {
            nested(field.shape(), struct, field);
        }
        sources.put(name, record(name, struct.typeName(), doc(struct.avro(), top), struct.fields(), true));
        sources.put(name + "Serializer", serializer(name, struct.fields()));
        serializers.add(name + "Serializer");
    }

    private void nested(Shape shape, Shape.Struct owner, RecordField field) {
        if (shape instanceof Shape.Struct struct) {
            struct(struct, false);
        } else if (shape instanceof Shape.ArrayOf array) {
            nested(array.items(), owner, field);
        } else if (shape instanceof Shape.MapOf map) {
            nested(map.values(), owner, field);
            String entry = entryName(owner, field);
            claim(entry, map.entryTypeName());
            List<RecordField> fields = List.of(new RecordField("key", Shape.MapOf.KEY, false, null),
                    new RecordField("value", map.values(), false, null));
            sources.put(entry, record(entry, map.entryTypeName(), "/** One entry of {@link " + owner.avro().getName()
                    + "#" + field.name() + "()} in its Compact form. */\n", fields, false));
            sources.put(entry + "Serializer", serializer(entry, fields));
            serializers.add(entry + "Serializer");
        } else if (((Shape.Scalar) shape).kind() == ScalarKind.ENUM) {
            enumType(((Shape.Scalar) shape).avro());
        }
    }

    private void enumType(Schema avro) {
        if (!claim(avro.getName(), avro.getFullName())) {
            return;
        }
        sources.put(avro.getName(), header(false) + doc(avro, false) + "public enum " + avro.getName() + " {\n    "
                + String.join(", ", avro.getEnumSymbols()) + "\n}\n");
    }

    private static String entryName(Shape.Struct owner, RecordField field) {
        return owner.avro().getName() + Character.toUpperCase(field.name().charAt(0)) + field.name().substring(1)
                + "Entry";
    }

    private String header(boolean imports) {
        return "// Generated by io.snapgrid.records.JavaRecordGenerator from config/schemas; do not edit.\npackage "
                + javaPackage + ";\n\n" + (imports ? "import " + HELPERS + ";\n\nimport java.time.Instant;\nimport java.util.List;\n"
                + "import java.util.Map;\nimport java.util.Objects;\n\n" : "");
    }

    private static String doc(Schema avro, boolean top) {
        String text = avro.getDoc() == null ? "" : avro.getDoc().replace("*/", "*&#47;") + " ";
        return "/** " + text + "Avro " + avro.getFullName() + (top ? " (the Compact type name too)." : ".") + " */\n";
    }

    private String record(String name, String typeName, String doc, List<RecordField> fields, boolean visible) {
        StringBuilder out = new StringBuilder(header(true)).append(doc);
        out.append(visible ? "public " : "").append("record ").append(name).append("(\n");
        for (int i = 0; i < fields.size(); i++) {
            RecordField field = fields.get(i);
            out.append("        ").append(javaType(field.shape(), field.nullable(), false)).append(' ')
                    .append(field.name()).append(i + 1 < fields.size() ? ",\n" : ") {\n\n");
        }
        out.append("    public static final String TYPE_NAME = \"").append(typeName).append("\";\n\n");
        out.append("    /** Required fields must not be null; lists and maps are copied, maps sorted by key. */\n");
        out.append("    public ").append(name).append(" {\n");
        for (RecordField field : fields) {
            out.append(normalise(field));
        }
        out.append("    }\n");
        if (visible) {
            builder(out, name, fields);
        }
        return out.append("}\n").toString();
    }

    private static String normalise(RecordField field) {
        String n = field.name();
        String required = "Objects.requireNonNull(" + n + ", \"" + n + "\")";
        if (field.shape() instanceof Shape.ArrayOf) {
            return "        " + n + " = " + (field.nullable() ? "CompactFields.copy(" + n + ")" : "List.copyOf(" + required + ")") + ";\n";
        }
        if (field.shape() instanceof Shape.MapOf) {
            return "        " + n + " = CompactFields.sorted(" + (field.nullable() ? n : required) + ");\n";
        }
        if (field.nullable() || primitive(field.shape())) {
            return "";
        }
        return "        " + required + ";\n";
    }

    /** A builder that starts from the Avro defaults, so a record built with it has what REST would fill in. */
    private static void builder(StringBuilder out, String name, List<RecordField> fields) {
        out.append("\n    /** Starts from the schema's defaults; required fields without one must be set. */\n");
        out.append("    public static Builder builder() {\n        return new Builder();\n    }\n\n");
        out.append("    public Builder toBuilder() {\n        Builder builder = new Builder();\n");
        for (RecordField field : fields) {
            out.append("        builder.").append(field.name()).append(" = ").append(field.name()).append(";\n");
        }
        out.append("        return builder;\n    }\n\n");
        out.append("    public static final class Builder {\n");
        for (RecordField field : fields) {
            out.append("        private ").append(javaType(field.shape(), field.nullable(), false)).append(' ')
                    .append(field.name());
            if (field.hasDefault()) {
                out.append(" = ").append(literal(field.shape(), field.defaultJson()));
            }
            out.append(";\n");
        }
        out.append("\n        private Builder() {\n        }\n");
        for (RecordField field : fields) {
            String n = field.name();
            out.append("\n        public Builder ").append(n).append('(')
                    .append(javaType(field.shape(), field.nullable(), false)).append(' ').append(n).append(") {\n")
                    .append("            this.").append(n).append(" = ").append(n).append(";\n")
                    .append("            return this;\n        }\n");
        }
        out.append("\n        /** @throws NullPointerException naming a required field that is not set */\n");
        out.append("        public ").append(name).append(" build() {\n            return new ").append(name)
                .append('(').append(String.join(", ", fields.stream().map(RecordField::name).toList()))
                .append(");\n        }\n    }\n");
    }

    private String serializer(String name, List<RecordField> fields) {
        StringBuilder out = new StringBuilder(header(false));
        out.append("import ").append(HELPERS).append(";\n")
                .append("import com.hazelcast.nio.serialization.compact.CompactReader;\n")
                .append("import com.hazelcast.nio.serialization.compact.CompactSerializer;\n")
                .append("import com.hazelcast.nio.serialization.compact.CompactWriter;\n\n")
                .append("import java.time.Instant;\nimport java.util.List;\nimport java.util.Map;\n\n")
                .append("/** The Compact form of {@link ").append(name).append("}, field for field as the members store it. */\n")
                .append("final class ").append(name).append("Serializer implements CompactSerializer<").append(name)
                .append("> {\n\n    @Override\n    public String getTypeName() {\n        return ").append(name)
                .append(".TYPE_NAME;\n    }\n\n    @Override\n    public Class<").append(name)
                .append("> getCompactClass() {\n        return ").append(name).append(".class;\n    }\n\n")
                .append("    /** A field the writer's schema lacks (an older or newer version) reads as its default. */\n")
                .append("    @Override\n    public ").append(name).append(" read(CompactReader in) {\n        return new ")
                .append(name).append("(\n");
        for (int i = 0; i < fields.size(); i++) {
            RecordField field = fields.get(i);
            String fallback = field.hasDefault() ? literal(field.shape(), field.defaultJson())
                    : field.nullable() ? "null"
                    : "CompactFields.<" + javaType(field.shape(), true, false) + ">missing(TYPE, \"" + field.name() + "\")";
            out.append("                CompactFields.has(in, \"").append(field.name()).append("\") ? ")
                    .append(read(field.shape(), field.nullable(), "\"" + field.name() + "\"")).append(" : ")
                    .append(fallback).append(i + 1 < fields.size() ? ",\n" : ");\n    }\n\n");
        }
        out.append("    @Override\n    public void write(CompactWriter out, ").append(name).append(" value) {\n");
        for (RecordField field : fields) {
            out.append("        ").append(write(field.shape(), field.nullable(), field.name())).append(";\n");
        }
        out.append("    }\n\n    private static final String TYPE = ").append(name).append(".TYPE_NAME;\n}\n");
        return out.toString();
    }

    private String registry() {
        StringBuilder out = new StringBuilder(header(false));
        out.append("import com.hazelcast.nio.serialization.compact.CompactSerializer;\n\nimport java.util.List;\n\n")
                .append("/** The Compact serializers of every generated type, for a client's serialization config. */\n")
                .append("public final class SnapgridRecords {\n\n    private SnapgridRecords() {\n    }\n\n")
                .append("    public static List<CompactSerializer<?>> serializers() {\n        return List.of(\n");
        for (int i = 0; i < serializers.size(); i++) {
            out.append("                new ").append(serializers.get(i)).append("()")
                    .append(i + 1 < serializers.size() ? ",\n" : ");\n");
        }
        return out.append("    }\n}\n").toString();
    }

    private static boolean primitive(Shape shape) {
        return shape instanceof Shape.Scalar scalar && switch (scalar.kind()) {
            case INT, LONG, FLOAT, DOUBLE, BOOLEAN -> true;
            default -> false;
        };
    }

    private static String javaType(Shape shape, boolean nullable, boolean boxed) {
        if (shape instanceof Shape.Struct struct) {
            return struct.avro().getName();
        }
        if (shape instanceof Shape.ArrayOf array) {
            return "List<" + javaType(array.items(), false, true) + ">";
        }
        if (shape instanceof Shape.MapOf map) {
            return "Map<String, " + javaType(map.values(), false, true) + ">";
        }
        Shape.Scalar scalar = (Shape.Scalar) shape;
        boolean box = nullable || boxed;
        return switch (scalar.kind()) {
            case STRING -> "String";
            case ENUM -> scalar.avro().getName();
            case INT -> box ? "Integer" : "int";
            case LONG -> box ? "Long" : "long";
            case TIMESTAMP_MILLIS -> "Instant";
            case FLOAT -> box ? "Float" : "float";
            case DOUBLE -> box ? "Double" : "double";
            case BOOLEAN -> box ? "Boolean" : "boolean";
        };
    }

    /** The Compact kind suffix CompactRecordWriter uses: primitive kinds for required numbers, nullable ones else. */
    private static String kind(ScalarKind kind, boolean nullable) {
        String base = switch (kind) {
            case STRING, ENUM -> "String";
            case INT -> "Int32";
            case LONG, TIMESTAMP_MILLIS -> "Int64";
            case FLOAT -> "Float32";
            case DOUBLE -> "Float64";
            case BOOLEAN -> "Boolean";
        };
        return nullable && kind != ScalarKind.STRING && kind != ScalarKind.ENUM ? "Nullable" + base : base;
    }

    private static String read(Shape shape, boolean nullable, String name) {
        if (shape instanceof Shape.Struct struct) {
            return "in.<" + struct.avro().getName() + ">readCompact(" + name + ")";
        }
        if (shape instanceof Shape.MapOf map) {
            String entryClass = entryClass(map.entryTypeName());
            return "CompactFields.map(in.readArrayOfCompact(" + name + ", " + entryClass + ".class), "
                    + entryClass + "::key, " + entryClass + "::value)";
        }
        if (shape instanceof Shape.ArrayOf array) {
            if (array.items() instanceof Shape.Struct struct) {
                return "CompactFields.list(in.readArrayOfCompact(" + name + ", " + struct.avro().getName() + ".class))";
            }
            Shape.Scalar item = (Shape.Scalar) array.items();
            String raw = "in.readArrayOf" + kind(item.kind(), false) + "(" + name + ")";
            return switch (item.kind()) {
                case ENUM -> "CompactFields.symbols(" + item.avro().getName() + ".class, " + raw + ")";
                case TIMESTAMP_MILLIS -> "CompactFields.instants(" + raw + ")";
                default -> "CompactFields.list(" + raw + ")";
            };
        }
        Shape.Scalar scalar = (Shape.Scalar) shape;
        String raw = "in.read" + kind(scalar.kind(), nullable) + "(" + name + ")";
        return switch (scalar.kind()) {
            case ENUM -> "CompactFields.symbol(" + scalar.avro().getName() + ".class, " + raw + ")";
            case TIMESTAMP_MILLIS -> "CompactFields.instant(" + raw + ")";
            default -> raw;
        };
    }

    private static String write(Shape shape, boolean nullable, String field) {
        String name = "\"" + field + "\"";
        String value = "value." + field + "()";
        if (shape instanceof Shape.Struct) {
            return "out.writeCompact(" + name + ", " + value + ")";
        }
        if (shape instanceof Shape.MapOf map) {
            String entryClass = entryClass(map.entryTypeName());
            return "out.writeArrayOfCompact(" + name + ", CompactFields.entries(" + value + ", " + entryClass
                    + "::new, " + entryClass + "[]::new))";
        }
        if (shape instanceof Shape.ArrayOf array) {
            if (array.items() instanceof Shape.Struct struct) {
                return "out.writeArrayOfCompact(" + name + ", CompactFields.array(" + value + ", "
                        + struct.avro().getName() + "[]::new))";
            }
            Shape.Scalar item = (Shape.Scalar) array.items();
            String helper = switch (item.kind()) {
                case STRING -> "strings";
                case ENUM -> "names";
                case INT -> "ints";
                case LONG -> "longs";
                case TIMESTAMP_MILLIS -> "millis";
                case FLOAT -> "floats";
                case DOUBLE -> "doubles";
                case BOOLEAN -> "booleans";
            };
            return "out.writeArrayOf" + kind(item.kind(), false) + "(" + name + ", CompactFields." + helper + "("
                    + value + "))";
        }
        Shape.Scalar scalar = (Shape.Scalar) shape;
        String converted = switch (scalar.kind()) {
            case ENUM -> "CompactFields.name(" + value + ")";
            case TIMESTAMP_MILLIS -> nullable ? "CompactFields.millis(" + value + ")" : value + ".toEpochMilli()";
            default -> value;
        };
        return "out.write" + kind(scalar.kind(), nullable) + "(" + name + ", " + converted + ")";
    }

    /** Map entry classes are named after their owner and field: {@code a.b.Node.labels.entry} is NodeLabelsEntry. */
    private static String entryClass(String entryTypeName) {
        String[] parts = entryTypeName.split("\\.");
        String owner = parts[parts.length - 3];
        String field = parts[parts.length - 2];
        return owner + Character.toUpperCase(field.charAt(0)) + field.substring(1) + "Entry";
    }

    /** A Java expression for an Avro default; record defaults and non-empty collections of records are refused. */
    private static String literal(Shape shape, JsonNode json) {
        if (json.isNull()) {
            return "null";
        }
        if (shape instanceof Shape.ArrayOf array) {
            List<String> items = new ArrayList<>();
            json.forEach(item -> items.add(literal(array.items(), item)));
            return "List.of(" + String.join(", ", items) + ")";
        }
        if (shape instanceof Shape.MapOf map) {
            List<String> entries = new ArrayList<>();
            json.fields().forEachRemaining(e -> entries.add("Map.entry(" + quote(e.getKey()) + ", "
                    + literal(map.values(), e.getValue()) + ")"));
            return "Map.ofEntries(" + String.join(", ", entries) + ")";
        }
        if (shape instanceof Shape.Struct struct) {
            throw new UnsupportedSchemaException(struct.typeName() + ": record defaults other than null are not"
                    + " supported by the Java generator");
        }
        Shape.Scalar scalar = (Shape.Scalar) shape;
        return switch (scalar.kind()) {
            case STRING -> quote(json.asText());
            case ENUM -> scalar.avro().getName() + "." + json.asText();
            case INT -> String.valueOf(json.asInt());
            case LONG -> json.asLong() + "L";
            case TIMESTAMP_MILLIS -> "Instant.ofEpochMilli(" + json.asLong() + "L)";
            case FLOAT -> json.floatValue() + "f";
            case DOUBLE -> json.asDouble() + "d";
            case BOOLEAN -> String.valueOf(json.asBoolean());
        };
    }

    private static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c > 0x7e) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
