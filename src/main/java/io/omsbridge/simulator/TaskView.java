package io.omsbridge.simulator;

/** A task's status and counters at one instant, derived from its timestamps. */
record TaskView(
        TaskStatus status,
        long runMs,
        long startTime,
        long successNum,
        long failNum,
        long skipNum,
        long completeSize,
        double progress,
        long migrateSpeed,
        long leftTime,
        long totalTime) {}
