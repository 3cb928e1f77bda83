package io.omsbridge.simulator;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.time.Duration;

/** The answer to a task create, v1 and v2 alike ({@code {"id","task_name"}}), through the create faults (drop,
 * trickle). */
final class CreateReply {

    private final FaultGate faults;
    private final StatsRecorder stats;

    CreateReply(FaultGate faults, StatsRecorder stats) {
        this.faults = faults;
        this.stats = stats;
    }

    /** The answer to a task group's create ({@code {"group_id"}}), which the drop fault may lose as a task's. */
    void sendGroup(HttpExchange ex, SimGroup group) throws IOException {
        if (faults.dropThisCreate()) {
            // the group and its tasks exist, but the client never hears about it
            stats.droppedCreates.increment();
            ex.close();
            return;
        }
        HttpIo.sendJson(ex, 200, Json.write(g -> {
            g.writeStartObject();
            g.writeStringField("group_id", group.id());
            g.writeEndObject();
        }));
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
        byte[] body = Json.write(g -> {
            g.writeStartObject();
            g.writeNumberField("id", task.id());
            g.writeStringField("task_name", task.name());
            g.writeEndObject();
        });
        Duration trickle = faults.trickleCreates();
        if (trickle.isZero()) {
            HttpIo.sendJson(ex, 200, body);
        } else {
            stats.trickledCreates.increment();
            HttpIo.sendTrickled(ex, 200, body, trickle);
        }
    }
}
