package dev.grove.patina.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JobIdsTest {
    @Test
    void newIdsAreCanonicalUuidsAndDistinct() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String id = JobIds.newId();
            assertTrue(JobIds.isValid(id), id);
            seen.add(id);
        }
        assertEquals(1000, seen.size());
    }

    @Test
    void rejectsWhatIsNotAJobId() {
        assertFalse(JobIds.isValid(null));
        assertFalse(JobIds.isValid(""));
        assertFalse(JobIds.isValid("3F2B8C1E-0000-0000-0000-000000000000"));
        assertFalse(JobIds.isValid("../../etc/passwd"));
    }
}
