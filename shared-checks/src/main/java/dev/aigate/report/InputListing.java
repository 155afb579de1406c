package dev.aigate.report;

/**
 * How the human-facing formats (HTML, Markdown, JUnit XML) list the inputs a check judged: the first {@link #SHOWN},
 * then a line pointing to the JSON report, which lists every input with its digest. A dataset of 10,000 files would
 * otherwise put 10,000 rows into a page nobody scrolls and 10,000 properties into every CI test record.
 */
final class InputListing {
    /** Inputs listed per report before the pointer to the JSON report. */
    static final int SHOWN = 100;

    private InputListing() {
    }

    /** The sentence that stands for the inputs not listed. */
    static String more(long notShown) {
        return notShown + " more input(s) are listed with their digests in " + JsonReport.FILE_NAME + ".";
    }
}
