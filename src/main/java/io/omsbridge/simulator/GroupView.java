package io.omsbridge.simulator;

/** A group's status and counters at one instant, summed over its tasks' views at that instant. */
record GroupView(
        GroupStatus status,
        long totalTasks,
        long completeTasks,
        long failedTasks,
        long pausedTasks,
        long executingTasks,
        long waitingTasks,
        long totalNum,
        long successNum,
        long failNum,
        long skipNum,
        long totalSize,
        long completeSize,
        long migrateSpeed,
        long startTime,
        long totalTime) {}
