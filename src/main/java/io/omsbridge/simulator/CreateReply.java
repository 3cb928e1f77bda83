package io.omsbridge.simulator;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;

/** The answer to a task create, v1 and v2 alike ({@code {"id","task_name"}}), through the create faults. */
final class CreateReply {

    private final FaultGate faults;
    private final StatsRecorder stats;

    CreateReply(FaultGate faults, StatsRecorder stats) {
        this.faults = faults;
        this.stats = stats;
    }

    /** Counts the create and answers it, unless a fault drops the answer. */
    void send(HttpExchange ex, SimTask task) throws IOException {
        stats.creates.increment();
        stats.project(task.projectId()).creates.increment();
        if (faults.dropThisCreate()) {
            // the task exists, but the client never hears about it: a closed connection, no bytes
            stats.droppedCreates.increment();
            ex.close();
            return;
        }
        HttpIo.sendJson(ex, 200, Json.write(g -> {
            g.writeStartObject();
            g.writeNumberField("id", task.id());
            g.writeStringField("task_name", task.name());
            g.writeEndObject();
        }));
    }
}
