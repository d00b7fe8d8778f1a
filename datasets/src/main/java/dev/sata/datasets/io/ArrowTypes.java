package dev.sata.datasets.io;

import dev.sata.datasets.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Maps column types between Arrow and Spark for token files.
 *
 * <p>Supported: {@code utf8} = string, {@code int8/16/32/64} (signed) = byte/short/int/long, {@code
 * float32/64} = float/double, {@code bool} = boolean, and {@code list} or {@code fixed_size_list}
 * of the numeric types = array. The writer writes arrays as {@code list<item: T>} (variable length,
 * because d may differ between sequence keys); the reader accepts both list kinds.
 */
final class ArrowTypes {

  /** Name of the element field of written lists, as pyarrow names it. */
  static final String LIST_ITEM = "item";

  private ArrowTypes() {}

  /** Returns the Spark schema of an Arrow file's schema, or throws naming the file and column. */
  static StructType toSpark(Schema schema, String file) {
    List<StructField> fields = new ArrayList<>();
    for (Field field : schema.getFields()) {
      fields.add(DataTypes.createStructField(field.getName(), toSpark(field, file), true));
    }
    return DataTypes.createStructType(fields);
  }

  /** Returns the Arrow schema that the writer uses for a Spark schema. */
  static Schema toArrow(StructType schema) {
    List<Field> fields = new ArrayList<>();
    for (StructField field : schema.fields()) {
      fields.add(toArrow(field.name(), field.dataType()));
    }
    return new Schema(fields);
  }

  private static DataType toSpark(Field field, String file) {
    ArrowType type = field.getType();
    switch (type.getTypeID()) {
      case List:
      case FixedSizeList:
        DataType element = atomic(field.getChildren().get(0).getType());
        if (element != null
            && element != DataTypes.StringType
            && element != DataTypes.BooleanType) {
          return DataTypes.createArrayType(element, true);
        }
        break;
      default:
        DataType atomic = atomic(type);
        if (atomic != null) {
          return atomic;
        }
    }
    throw new InvalidInputException(
        "Column '"
            + field.getName()
            + "' in "
            + file
            + " has Arrow type "
            + field
            + ", which the reader does not support; expected utf8, int8 to int64, float32,"
            + " float64, bool, or a list or fixed_size_list of numbers");
  }

  /** Returns the Spark type of an atomic Arrow type, or null when unsupported. */
  private static DataType atomic(ArrowType type) {
    switch (type.getTypeID()) {
      case Utf8:
        return DataTypes.StringType;
      case Bool:
        return DataTypes.BooleanType;
      case Int:
        return integer((ArrowType.Int) type);
      case FloatingPoint:
        FloatingPointPrecision precision = ((ArrowType.FloatingPoint) type).getPrecision();
        if (precision == FloatingPointPrecision.SINGLE) {
          return DataTypes.FloatType;
        }
        return precision == FloatingPointPrecision.DOUBLE ? DataTypes.DoubleType : null;
      default:
        return null;
    }
  }

  private static DataType integer(ArrowType.Int type) {
    if (!type.getIsSigned()) {
      return null;
    }
    switch (type.getBitWidth()) {
      case 8:
        return DataTypes.ByteType;
      case 16:
        return DataTypes.ShortType;
      case 32:
        return DataTypes.IntegerType;
      case 64:
        return DataTypes.LongType;
      default:
        return null;
    }
  }

  private static Field toArrow(String name, DataType type) {
    if (type instanceof ArrayType array) {
      Field item = toArrow(LIST_ITEM, array.elementType());
      return new Field(name, FieldType.nullable(ArrowType.List.INSTANCE), List.of(item));
    }
    return new Field(name, FieldType.nullable(atomicArrow(name, type)), null);
  }

  private static ArrowType atomicArrow(String name, DataType type) {
    if (type == DataTypes.StringType) {
      return ArrowType.Utf8.INSTANCE;
    }
    if (type == DataTypes.BooleanType) {
      return ArrowType.Bool.INSTANCE;
    }
    if (type == DataTypes.ByteType) {
      return new ArrowType.Int(8, true);
    }
    if (type == DataTypes.ShortType) {
      return new ArrowType.Int(16, true);
    }
    if (type == DataTypes.IntegerType) {
      return new ArrowType.Int(32, true);
    }
    if (type == DataTypes.LongType) {
      return new ArrowType.Int(64, true);
    }
    if (type == DataTypes.FloatType) {
      return new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
    }
    if (type == DataTypes.DoubleType) {
      return new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
    }
    throw new IllegalArgumentException(
        "Column '"
            + name
            + "' has Spark type "
            + type.simpleString()
            + ", which the Arrow writer does not support; expected string, boolean, an integer,"
            + " float or double type, or an array of numbers");
  }
}
