package io.omsbridge.tasks;

import com.fasterxml.jackson.databind.JsonNode;
import io.omsbridge.hwcloud.oms.OmsApiVersion;
import io.omsbridge.hwcloud.oms.OmsConstants;
import io.omsbridge.hwcloud.oms.OmsException;
import java.util.List;
import java.util.function.Consumer;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

/**
 * The bridge's reads of OMS tasks (the poll, the search for an unanswered create), through the {@code hwcloud-oms}
 * component, which owns authentication and the HTTP; every task comes back in one shape ({@link TaskViews}).
 */
public final class OmsTasks {

    private static final String SHOW = "hwcloud-oms:showTask";
    private static final String LIST = "hwcloud-oms:listTasks";
    private static final String SHOW_GROUP = "hwcloud-oms:showTaskGroup";
    private static final String LIST_GROUPS = "hwcloud-oms:listTaskGroups";

    private final ProducerTemplate template;
    private final OmsApiVersion version;

    public OmsTasks(ProducerTemplate template, OmsApiVersion version) {
        this.template = template;
        this.version = version;
    }

    public OmsApiVersion version() {
        return version;
    }

    /** The task; an unknown one is an {@link OmsException} that is {@link OmsException#notFound()}. */
    public JsonNode show(String projectId, long taskId) {
        return show(projectId, null, taskId);
    }

    /** The task, asked of its destination region's OMS (null: the one OMS of {@code oms.endpoint}). */
    public JsonNode show(String projectId, String region, long taskId) {
        return TaskViews.normalize(
                send(SHOW, projectId, region, exchange -> exchange.getIn().setHeader(OmsConstants.TASK_ID, taskId))
                        .getMessage()
                        .getBody(JsonNode.class),
                version);
    }

    /** One page of the project's tasks, newest first as OMS lists them; {@code status} null lists every task. */
    public List<JsonNode> list(String projectId, int offset, int limit, Integer status) {
        return list(projectId, null, offset, limit, status);
    }

    /** The same, of one region's OMS. */
    @SuppressWarnings("unchecked")
    public List<JsonNode> list(String projectId, String region, int offset, int limit, Integer status) {
        List<JsonNode> page = send(LIST, projectId, region, exchange -> {
                    exchange.getIn().setHeader(OmsConstants.OFFSET, offset);
                    exchange.getIn().setHeader(OmsConstants.LIMIT, limit);
                    if (status != null) {
                        exchange.getIn().setHeader(OmsConstants.STATUS, status);
                    }
                })
                .getMessage()
                .getBody(List.class);
        page.forEach(task -> TaskViews.normalize(task, version));
        return page;
    }

    /** The task group (API v2); an unknown one is an {@link OmsException} that is {@link OmsException#notFound()}. */
    public JsonNode showGroup(String projectId, String region, String groupId) {
        return send(
                        SHOW_GROUP,
                        projectId,
                        region,
                        exchange -> exchange.getIn().setHeader(OmsConstants.GROUP_ID, groupId))
                .getMessage()
                .getBody(JsonNode.class);
    }

    /** One page of the project's task groups (API v2), newest first as OMS lists them. */
    @SuppressWarnings("unchecked")
    public List<JsonNode> listGroups(String projectId, String region, int offset, int limit) {
        return send(LIST_GROUPS, projectId, region, exchange -> {
                    exchange.getIn().setHeader(OmsConstants.OFFSET, offset);
                    exchange.getIn().setHeader(OmsConstants.LIMIT, limit);
                })
                .getMessage()
                .getBody(List.class);
    }

    /**
     * The statuses a task has while it has not ended, as the list API filters them: v1 0 to 3; v2 1 waiting, 2
     * running, 3 stopped and 7 pausing (v2 lists no 0, and 6 retrying is shown, not a filter).
     */
    public int[] inFlightStatuses() {
        return version == OmsApiVersion.v1 ? new int[] {0, 1, 2, 3} : new int[] {1, 2, 3, 7};
    }

    private Exchange send(String uri, String projectId, String region, Consumer<Exchange> headers) {
        Exchange reply = template.request(uri, exchange -> {
            exchange.getIn().setHeader(OmsConstants.PROJECT_ID, projectId);
            if (region != null) {
                exchange.getIn().setHeader(OmsConstants.REGION, region);
            }
            headers.accept(exchange);
        });
        if (reply.getException() instanceof RuntimeException failure) {
            // OmsException, or IamException when no token could be had
            throw failure;
        }
        if (reply.getException() != null) {
            throw new OmsException(
                    0, OmsException.NO_ANSWER, reply.getException().toString(), null, reply.getException());
        }
        return reply;
    }
}
