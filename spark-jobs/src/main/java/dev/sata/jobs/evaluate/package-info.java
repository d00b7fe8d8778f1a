/**
 * The {@code evaluate} job: Taylor approximated attention (SATA) against exact softmax, per
 * sequence key and number of Taylor terms, on Spark.
 *
 * <p>Serialization: the records and value classes that cross a shuffle, a broadcast or a task
 * result carry {@code @DefaultSerializer(JavaSerializer.class)}, so that they work whichever {@code
 * spark.serializer} is set. Kryo's field serializer (Kryo 4, as in Spark 3.5) cannot serialize Java
 * records ("can't get field offset on a record class"), and the project's spark-defaults.conf
 * selects Kryo.
 */
package dev.sata.jobs.evaluate;
