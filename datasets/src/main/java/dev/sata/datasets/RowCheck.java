package dev.sata.datasets;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;

/**
 * One rule of the token-row contract: which rows break it, what to report about the first of them,
 * and how to say it.
 *
 * @param name short identifier, used for column aliases
 * @param offends true for a row that breaks the rule
 * @param detail a value shown in the message (the length found, the bad element, ...), may be a
 *     literal null
 * @param describe turns the first offending row's detail into "column 'x' ...; expected ..."
 */
record RowCheck(String name, Column offends, Column detail, Describer describe) {

  /** Describes the problem of a row from its detail value. */
  interface Describer {
    String describe(Row first, int detailIndex);
  }
}
