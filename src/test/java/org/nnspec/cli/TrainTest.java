package org.nnspec.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** bin/nnspec records its class-data-sharing archive from Train: the run must work as meant. */
class TrainTest {
    @Test
    void theTrainingProgramRunsEveryWayWithOnlyItsDeliberateError() throws Exception {
        assertTrue(Train.run(), "training.nnspec must exit 1 (its one deliberate error) in every mode, and layers 0");
    }
}
