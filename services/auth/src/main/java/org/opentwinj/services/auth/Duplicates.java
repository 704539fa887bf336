package org.opentwinj.services.auth;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;

/** Recognises the unique-index violation both MongoDB and the embedded server report. */
public final class Duplicates {
    private Duplicates() {}

    public static boolean isDuplicateKey(MongoWriteException e) {
        return e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY
                || e.getError().getCode() == 11000;
    }
}
