package dev.sata.datasets.minilm;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.UnknownFieldSet;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Lists and appends graph outputs of a serialised ONNX model, working on the protobuf wire format
 * because the ONNX Runtime jar carries no ONNX message classes.
 *
 * <p>Wire layout used: {@code ModelProto} field 7 is the {@code GraphProto}; {@code GraphProto}
 * field 12 is a repeated {@code ValueInfoProto} output; {@code ValueInfoProto} field 1 is the name
 * and field 2 the {@code TypeProto}, whose field 1 is a {@code TypeProto.Tensor} with field 1 the
 * element type (1 = float). Appending to a repeated field is concatenating its encoded elements, so
 * the graph's bytes stay as they are and the new outputs follow the old ones.
 */
final class OnnxGraphOutputs {

  private static final int MODEL_GRAPH = 7;
  private static final int GRAPH_OUTPUT = 12;
  private static final int VALUE_INFO_NAME = 1;
  private static final int VALUE_INFO_TYPE = 2;
  private static final int TYPE_TENSOR = 1;
  private static final int TENSOR_ELEM_TYPE = 1;
  private static final int ELEM_TYPE_FLOAT = 1;

  private OnnxGraphOutputs() {}

  /** Returns the names of the graph outputs of {@code model}, in order. */
  static List<String> outputNames(byte[] model) {
    try {
      ByteString graph = graph(UnknownFieldSet.parseFrom(model));
      List<String> names = new ArrayList<>();
      CodedInputStream in = graph.newCodedInput();
      for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
        if (WireFormat.getTagFieldNumber(tag) == GRAPH_OUTPUT) {
          names.add(valueInfoName(in.readBytes()));
        } else {
          in.skipField(tag);
        }
      }
      return names;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot parse the ONNX model's graph", e);
    }
  }

  /**
   * Returns a copy of {@code model} whose graph also outputs the float tensors {@code names} (no
   * shape given; ONNX Runtime infers it). {@code model} is not modified.
   */
  static byte[] withFloatOutputs(byte[] model, List<String> names) {
    try {
      UnknownFieldSet fields = UnknownFieldSet.parseFrom(model);
      ByteString graph = graph(fields);

      // Encode the extra outputs as more elements of the graph's repeated output field.
      ByteString.Output extra = ByteString.newOutput();
      CodedOutputStream out = CodedOutputStream.newInstance(extra);
      for (String name : names) {
        out.writeBytes(GRAPH_OUTPUT, floatValueInfo(name));
      }
      out.flush();

      UnknownFieldSet.Field newGraph =
          UnknownFieldSet.Field.newBuilder()
              .addLengthDelimited(graph.concat(extra.toByteString()))
              .build();
      return UnknownFieldSet.newBuilder(fields)
          .clearField(MODEL_GRAPH)
          .addField(MODEL_GRAPH, newGraph)
          .build()
          .toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot edit the ONNX model's graph outputs", e);
    }
  }

  private static ByteString graph(UnknownFieldSet model) throws IOException {
    List<ByteString> graphs =
        model.hasField(MODEL_GRAPH)
            ? model.getField(MODEL_GRAPH).getLengthDelimitedList()
            : List.of();
    if (graphs.size() != 1) {
      throw new IOException("expected one graph (field 7) in the model, found " + graphs.size());
    }
    return graphs.get(0);
  }

  private static String valueInfoName(ByteString valueInfo) throws IOException {
    CodedInputStream in = valueInfo.newCodedInput();
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (WireFormat.getTagFieldNumber(tag) == VALUE_INFO_NAME) {
        return in.readStringRequireUtf8();
      }
      in.skipField(tag);
    }
    return "";
  }

  private static ByteString floatValueInfo(String name) throws IOException {
    ByteString tensor = message(out -> out.writeInt32(TENSOR_ELEM_TYPE, ELEM_TYPE_FLOAT));
    ByteString type = message(out -> out.writeBytes(TYPE_TENSOR, tensor));
    return message(
        out -> {
          out.writeString(VALUE_INFO_NAME, name);
          out.writeBytes(VALUE_INFO_TYPE, type);
        });
  }

  private static ByteString message(Fields fields) throws IOException {
    ByteString.Output bytes = ByteString.newOutput();
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    fields.write(out);
    out.flush();
    return bytes.toByteString();
  }

  /** Writes the fields of one message. */
  private interface Fields {
    void write(CodedOutputStream out) throws IOException;
  }
}
