package io.omsbridge.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.huaweicloud.sdk.core.auth.BasicCredentials;
import com.huaweicloud.sdk.core.exception.ClientRequestException;
import com.huaweicloud.sdk.core.http.HttpConfig;
import com.huaweicloud.sdk.oms.v2.OmsClient;
import com.huaweicloud.sdk.oms.v2.model.BandwidthPolicyDto;
import com.huaweicloud.sdk.oms.v2.model.BatchUpdateTasksReq;
import com.huaweicloud.sdk.oms.v2.model.BatchUpdateTasksRequest;
import com.huaweicloud.sdk.oms.v2.model.CheckPrefixReq;
import com.huaweicloud.sdk.oms.v2.model.CheckPrefixRequest;
import com.huaweicloud.sdk.oms.v2.model.CheckPrefixResponse;
import com.huaweicloud.sdk.oms.v2.model.CreateTaskGroupReq;
import com.huaweicloud.sdk.oms.v2.model.CreateTaskGroupRequest;
import com.huaweicloud.sdk.oms.v2.model.CreateTaskReq;
import com.huaweicloud.sdk.oms.v2.model.CreateTaskRequest;
import com.huaweicloud.sdk.oms.v2.model.CreateTaskResponse;
import com.huaweicloud.sdk.oms.v2.model.DeleteTaskGroupRequest;
import com.huaweicloud.sdk.oms.v2.model.DeleteTaskRequest;
import com.huaweicloud.sdk.oms.v2.model.DstNodeReq;
import com.huaweicloud.sdk.oms.v2.model.ListBucketsReq;
import com.huaweicloud.sdk.oms.v2.model.ListTaskGroupRequest;
import com.huaweicloud.sdk.oms.v2.model.ListTaskGroupResponse;
import com.huaweicloud.sdk.oms.v2.model.ListTasksRequest;
import com.huaweicloud.sdk.oms.v2.model.ListTasksResponse;
import com.huaweicloud.sdk.oms.v2.model.ShowBucketListRequest;
import com.huaweicloud.sdk.oms.v2.model.ShowBucketListResponse;
import com.huaweicloud.sdk.oms.v2.model.ShowBucketRegionReq;
import com.huaweicloud.sdk.oms.v2.model.ShowBucketRegionRequest;
import com.huaweicloud.sdk.oms.v2.model.ShowBucketRegionResponse;
import com.huaweicloud.sdk.oms.v2.model.ShowTaskGroupRequest;
import com.huaweicloud.sdk.oms.v2.model.ShowTaskGroupResponse;
import com.huaweicloud.sdk.oms.v2.model.ShowTaskRequest;
import com.huaweicloud.sdk.oms.v2.model.ShowTaskResponse;
import com.huaweicloud.sdk.oms.v2.model.SmnConfig;
import com.huaweicloud.sdk.oms.v2.model.SourceCdnReq;
import com.huaweicloud.sdk.oms.v2.model.SrcNodeReq;
import com.huaweicloud.sdk.oms.v2.model.StartTaskGroupReq;
import com.huaweicloud.sdk.oms.v2.model.StartTaskGroupRequest;
import com.huaweicloud.sdk.oms.v2.model.StartTaskReq;
import com.huaweicloud.sdk.oms.v2.model.StartTaskRequest;
import com.huaweicloud.sdk.oms.v2.model.StopTaskGroupRequest;
import com.huaweicloud.sdk.oms.v2.model.StopTaskRequest;
import com.huaweicloud.sdk.oms.v2.model.TaskGroupDstNode;
import com.huaweicloud.sdk.oms.v2.model.TaskGroupSrcNode;
import com.huaweicloud.sdk.oms.v2.model.TaskResp;
import com.huaweicloud.sdk.oms.v2.model.UpdateBandwidthPolicyReq;
import com.huaweicloud.sdk.oms.v2.model.UpdateBandwidthPolicyRequest;
import com.huaweicloud.sdk.oms.v2.model.UpdateTaskGroupRequest;
import io.omsbridge.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Proves Huawei's official Java SDK (huaweicloud-sdk-oms 3.1.143), signing with AK/SK, drives the simulator's v2
 * API end to end and parses every answer, and that what it sees is what the simulator's own store says. The clock
 * starts at the real time (the SDK dates its signatures by the real clock) and is stepped by seconds.
 */
class OfficialSdkFidelityTest {

    private static final String AK = "SDKFIDELITYAK0000001";
    private static final String SK = "sdk-fidelity-secret-key";
    private static final Duration WAIT = Duration.ofMillis(100);
    private static final Duration RUN = Duration.ofSeconds(20);

    private final MutableClock clock = new MutableClock(Instant.now());
    private OmsSimulator simulator;
    private OmsClient sdk;

    @BeforeEach
    void start() {
        simulator = OmsSimulator.start(SimulatorSettings.builder()
                .accessKey(AK, SK)
                .waitTime(WAIT)
                .runTime(RUN)
                .maxCreatesPer24h(0)
                .maxWaitingTasks(0)
                .maxRunningTasks(0)
                .clock(clock)
                .build());
        sdk = client(AK, SK);
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    private OmsClient client(String ak, String sk) {
        return OmsClient.newBuilder()
                .withCredential(new BasicCredentials().withAk(ak).withSk(sk).withProjectId(SimClient.PROJECT))
                .withEndpoint(simulator.baseUrl())
                .withHttpConfig(HttpConfig.getDefaultHttpConfig().withTimeout(10))
                .build();
    }

    private static CreateTaskReq createReq(String bucket, String description) {
        return new CreateTaskReq()
                .withSrcNode(new SrcNodeReq()
                        .withCloudType("Aliyun")
                        .withRegion("cn-hangzhou")
                        .withAk("SRC_AK")
                        .withSk("SRC_SK")
                        .withBucket(bucket)
                        .withObjectKey(List.of("photos/", "index.html")))
                .withDstNode(new DstNodeReq()
                        .withAk("DST_AK")
                        .withSk("DST_SK")
                        .withBucket("archive")
                        .withRegion("cn-north-4")
                        .withSavePrefix("from-aliyun/"))
                .withDescription(description)
                .withEnableKms(false);
    }

    private static StartTaskReq startReq() {
        return new StartTaskReq()
                .withSrcAk("SRC_AK")
                .withSrcSk("SRC_SK")
                .withDstAk("DST_AK")
                .withDstSk("DST_SK")
                .withMigrateFailedObject(false);
    }

    private ShowTaskResponse show(long id) {
        return sdk.showTask(new ShowTaskRequest().withTaskId(String.valueOf(id)));
    }

    /** The SDK's task and the store's, read at the same (stepped, so unmoving) instant, say the same. */
    private void assertSdkSeesTheStore(
            long id,
            Integer status,
            Long successful,
            Long failed,
            Long skipped,
            Long total,
            Long totalSize,
            Long complete,
            Double progress,
            String name,
            String description) {
        SimTask task = simulator.tasks().find(id).orElseThrow();
        TaskView view = task.view(clock.millis());
        assertThat(status).as("status").isEqualTo(view.status().code());
        assertThat(successful).as("successful_num").isEqualTo(view.successNum());
        assertThat(failed).as("failed_num").isEqualTo(view.failNum());
        assertThat(skipped).as("skipped_num").isEqualTo(view.skipNum());
        assertThat(total).as("total_num").isEqualTo(task.totalNum());
        assertThat(totalSize).as("total_size").isEqualTo(task.totalSize());
        assertThat(complete).as("complete_size").isEqualTo(view.completeSize());
        assertThat(progress).as("progress").isEqualTo(view.progress());
        assertThat(name).as("name").isEqualTo(task.name());
        assertThat(description).as("description").isEqualTo(task.description());
    }

    private void assertSdkSeesTheStore(ShowTaskResponse t) {
        assertSdkSeesTheStore(
                t.getId(),
                t.getStatus(),
                t.getSuccessfulNum(),
                t.getFailedNum(),
                t.getSkippedNum(),
                t.getTotalNum(),
                t.getTotalSize(),
                t.getCompleteSize(),
                t.getProgress(),
                t.getName(),
                t.getDescription());
    }

    private void assertSdkSeesTheStore(TaskResp t) {
        assertSdkSeesTheStore(
                t.getId(),
                t.getStatus(),
                t.getSuccessfulNum(),
                t.getFailedNum(),
                t.getSkippedNum(),
                t.getTotalNum(),
                t.getTotalSize(),
                t.getCompleteSize(),
                t.getProgress(),
                t.getName(),
                t.getDescription());
    }

    private ListTasksResponse listByStatus(int status) {
        return sdk.listTasks(
                new ListTasksRequest().withStatus(status).withLimit(100).withOffset(0));
    }

    @Test
    void theSdkCreatesShowsListsStopsStartsAndDeletesATaskSeeingWhatTheStoreSays() {
        CreateTaskResponse created =
                sdk.createTask(new CreateTaskRequest().withBody(createReq("photos-bucket", "bridge request r-42")));
        long id = created.getId();
        assertThat(created.getHttpStatusCode()).isEqualTo(200);
        assertThat(created.getTaskName())
                .isEqualTo(simulator.tasks().find(id).orElseThrow().name());

        ShowTaskResponse waiting = show(id);
        assertSdkSeesTheStore(waiting);
        assertThat(waiting.getStatus()).isEqualTo(1);
        assertThat(waiting.getGroupType()).hasToString("NORMAL_TASK");
        assertThat(waiting.getTaskType()).hasToString("object");
        assertThat(waiting.getErrorReason()).isNull();
        assertThat(waiting.getDstNode().getSavePrefix()).isEqualTo("from-aliyun/");
        assertThat(waiting.getSrcNode().getBucket()).isEqualTo("photos-bucket");
        assertThat(waiting.getSrcNode().getObjectKey()).containsExactly("photos/", "index.html");
        assertThat(waiting.getFailedObjectRecord().getResult()).isFalse();
        ListTasksResponse listedWaiting = listByStatus(1);
        assertThat(listedWaiting.getCount()).isEqualTo(simulator.tasks().count(SimClient.PROJECT, TaskStatus.WAITING));
        assertThat(listedWaiting.getTasks()).extracting(TaskResp::getId).containsExactly(id);
        assertSdkSeesTheStore(listedWaiting.getTasks().get(0));

        // near the end of the run: a quarter in, a task of a few objects may have copied none yet (failed once in CI)
        clock.advance(WAIT.plus(RUN).minusSeconds(1));
        ShowTaskResponse running = show(id);
        assertSdkSeesTheStore(running);
        assertThat(running.getStatus()).isEqualTo(2);
        assertThat(running.getSuccessfulNum()).isPositive();
        assertThat(listByStatus(1).getTasks()).isEmpty();
        assertSdkSeesTheStore(listByStatus(2).getTasks().get(0));

        sdk.stopTask(new StopTaskRequest().withTaskId(String.valueOf(id)));
        ShowTaskResponse stopped = show(id);
        assertSdkSeesTheStore(stopped);
        assertThat(stopped.getStatus()).isEqualTo(3);
        assertThat(simulator.tasks().find(id).orElseThrow().status()).isEqualTo(TaskStatus.STOPPED);

        sdk.startTask(new StartTaskRequest().withTaskId(String.valueOf(id)).withBody(startReq()));
        ShowTaskResponse restarted = show(id);
        assertSdkSeesTheStore(restarted);
        assertThat(restarted.getStatus()).isEqualTo(1);

        sdk.deleteTask(new DeleteTaskRequest().withTaskId(String.valueOf(id)));
        assertThat(simulator.tasks().find(id)).isEmpty();
        assertThatThrownBy(() -> show(id)).isInstanceOfSatisfying(ClientRequestException.class, e -> {
            assertThat(e.getHttpStatusCode()).isEqualTo(400);
            assertThat(e.getErrorCode()).isEqualTo("OMS.1009");
        });
        assertThat(simulator.stats().akskCalls()).isGreaterThanOrEqualTo(12);
        assertThat(simulator.stats().signatureRefusals()).isZero();
    }

    @Test
    void theSdkParsesAFailedTaskAndASucceededOne() {
        long failing = sdk.createTask(new CreateTaskRequest().withBody(createReq("fail-bucket", "will fail")))
                .getId();
        long fine = sdk.createTask(new CreateTaskRequest().withBody(createReq("fine-bucket", "will succeed")))
                .getId();
        clock.advance(WAIT.plus(RUN));

        ShowTaskResponse failed = show(failing);
        ShowTaskResponse succeeded = show(fine);

        assertSdkSeesTheStore(failed);
        assertSdkSeesTheStore(succeeded);
        assertThat(failed.getStatus()).isEqualTo(4);
        assertThat(failed.getErrorReason().getErrorCode()).isEqualTo("TRF.0004");
        assertThat(failed.getFailedObjectRecord().getResult()).isTrue();
        assertThat(failed.getFailedObjectRecord().getListFileKey()).contains(String.valueOf(failing));
        assertThat(succeeded.getStatus()).isEqualTo(5);
        assertThat(succeeded.getErrorReason()).isNull();
        assertThat(succeeded.getSuccessfulNum()).isEqualTo(succeeded.getTotalNum());
        assertThat(listByStatus(4).getTasks()).extracting(TaskResp::getId).containsExactly(failing);
    }

    @Test
    void aWrongSecretKeyMakesTheSdkFailWith401Apig0301() {
        OmsClient wrong = client(AK, "not-the-secret-key");

        assertThatThrownBy(() -> wrong.listTasks(new ListTasksRequest()))
                .isInstanceOfSatisfying(ClientRequestException.class, e -> {
                    assertThat(e.getHttpStatusCode()).isEqualTo(401);
                    assertThat(e.getErrorCode()).isEqualTo("APIG.0301");
                    assertThat(e.getErrorMsg())
                            .isEqualTo("Incorrect IAM authentication information: verify aksk signature fail");
                    assertThat(e.getRequestId()).isNotBlank();
                });
        assertThatThrownBy(
                        () -> client("UNKNOWNAK", SK).createTask(new CreateTaskRequest().withBody(createReq("b", "x"))))
                .isInstanceOfSatisfying(ClientRequestException.class, e -> {
                    assertThat(e.getHttpStatusCode()).isEqualTo(401);
                    assertThat(e.getErrorMsg()).endsWith("Get secretKey failed,ak:UNKNOWNAK,err:ak not exist");
                });
        assertThat(simulator.tasks().size()).isZero();
        assertThat(simulator.stats().signatureRefusals()).isEqualTo(2);
    }

    @Test
    void aRefusedOperationReachesTheSdkAsTheOmsCode() {
        long id = sdk.createTask(new CreateTaskRequest().withBody(createReq("waiting", "not running yet")))
                .getId();

        assertThatThrownBy(() -> sdk.stopTask(new StopTaskRequest().withTaskId(String.valueOf(id))))
                .isInstanceOfSatisfying(ClientRequestException.class, e -> {
                    assertThat(e.getHttpStatusCode()).isEqualTo(400);
                    assertThat(e.getErrorCode()).isEqualTo("OMS.0066");
                });
        assertThatThrownBy(() -> sdk.createTask(new CreateTaskRequest().withBody(createReq("b", "bad <description>"))))
                .isInstanceOfSatisfying(
                        ClientRequestException.class,
                        e -> assertThat(e.getErrorCode()).isEqualTo("OMS.0078"));
    }

    @Test
    void theSdkCreatesAGroupListsItsTasksAndPausesResumesAndDeletesIt() {
        String groupId = sdk.createTaskGroup(new CreateTaskGroupRequest()
                        .withBody(new CreateTaskGroupReq()
                                .withSrcNode(new TaskGroupSrcNode()
                                        .withCloudType("Aliyun")
                                        .withRegion("cn-hangzhou")
                                        .withAk("SRC_AK")
                                        .withSk("SRC_SK")
                                        .withBucket("big-bucket")
                                        .withObjectKey(List.of("a/", "b/")))
                                .withDstNode(new TaskGroupDstNode()
                                        .withAk("DST_AK")
                                        .withSk("DST_SK")
                                        .withBucket("archive")
                                        .withRegion("cn-north-4"))
                                .withDescription("bridge request g-7")
                                .withEnableKms(false)))
                .getGroupId();

        ListTasksResponse members = sdk.listTasks(new ListTasksRequest().withGroupId(groupId));
        assertThat(members.getCount()).isEqualTo(2);
        assertThat(members.getTasks()).allSatisfy(t -> {
            assertThat(t.getGroupId()).isEqualTo(groupId);
            assertThat(t.getGroupType()).hasToString("GROUP_TASK");
            assertThat(t.getDescription()).isEqualTo("bridge request g-7");
        });
        members.getTasks().forEach(this::assertSdkSeesTheStore);

        clock.advance(WAIT.plusSeconds(3));
        ShowTaskGroupResponse running = sdk.showTaskGroup(new ShowTaskGroupRequest().withGroupId(groupId));
        SimGroup group = simulator.tasks().findGroup(groupId).orElseThrow();
        GroupView view = group.view(clock.millis());
        assertThat(running.getStatus()).isEqualTo(view.status().code()).isEqualTo(2);
        assertThat(running.getDescription()).isEqualTo("bridge request g-7");
        assertThat(running.getTotalTaskNum()).isEqualTo(2);
        assertThat(running.getExecutingTaskNum())
                .isEqualTo(view.executingTasks())
                .isEqualTo(2);
        assertThat(running.getSuccessNum()).isEqualTo(view.successNum()).isPositive();
        assertThat(running.getCompleteSize()).isEqualTo(view.completeSize());
        assertThat(running.getTaskType()).hasToString("PREFIX");

        sdk.stopTaskGroup(new StopTaskGroupRequest().withGroupId(groupId));
        assertThat(group.status()).isEqualTo(GroupStatus.PAUSED);
        ListTaskGroupResponse paused = sdk.listTaskGroup(new ListTaskGroupRequest().withStatus(3));
        assertThat(paused.getCount()).isEqualTo(1);
        assertThat(paused.getTaskgroups().get(0).getGroupId()).isEqualTo(groupId);
        assertThat(paused.getTaskgroups().get(0).getPausedTaskNum()).isEqualTo(2);

        sdk.startTaskGroup(new StartTaskGroupRequest()
                .withGroupId(groupId)
                .withBody(new StartTaskGroupReq()
                        .withSrcAk("SRC_AK")
                        .withSrcSk("SRC_SK")
                        .withDstAk("DST_AK")
                        .withDstSk("DST_SK")));
        assertThat(group.status()).isEqualTo(GroupStatus.MONITORING);
        clock.advance(WAIT.plus(RUN));
        assertThat(sdk.showTaskGroup(new ShowTaskGroupRequest().withGroupId(groupId))
                        .getStatus())
                .isEqualTo(6);

        sdk.deleteTaskGroup(new DeleteTaskGroupRequest().withGroupId(groupId));
        assertThat(simulator.tasks().findGroup(groupId)).isEmpty();
        assertThat(simulator.tasks().size()).isZero();
    }

    // --- v2's own request fields, temporary keys and the check calls (issue 21) ---------------------------------

    private static final String STS_AK = "SDKSTSACCESSKEY00001";
    private static final String STS_SK = "sdk-sts-secret-key";
    private static final String STS_TOKEN = "sts-token-issued-with-the-key-0123456789";

    /** A simulator that also knows a temporary key pair and two buckets, for the tests of v2's newer parts. */
    private void restartWithTemporaryKeysAndBuckets() {
        simulator.close();
        simulator = OmsSimulator.start(SimulatorSettings.builder()
                .accessKey(AK, SK)
                .temporaryAccessKey(STS_AK, STS_SK, STS_TOKEN)
                .bucket("photos", "cn-hangzhou", "2026/01/a.jpg")
                .bucket("archive", "cn-north-4")
                .waitTime(WAIT)
                .runTime(RUN)
                .maxCreatesPer24h(0)
                .maxWaitingTasks(0)
                .maxRunningTasks(0)
                .clock(clock)
                .build());
        sdk = client(AK, SK);
    }

    @Test
    void theSdkCreatesATaskWithEveryV2FieldAndShowTaskGivesEachBack() {
        restartWithTemporaryKeysAndBuckets();
        CreateTaskReq req = new CreateTaskReq()
                .withTaskType(CreateTaskReq.TaskTypeEnum.PREFIX)
                .withSrcNode(new SrcNodeReq()
                        .withCloudType("Tencent")
                        .withRegion("ap-guangzhou")
                        .withAk(STS_AK)
                        .withSk(STS_SK)
                        .withSecurityToken(STS_TOKEN)
                        .withAppId("1250000000")
                        .withBucket("photos")
                        .withObjectKey(List.of("2026/")))
                .withDstNode(new DstNodeReq()
                        .withAk("DST_AK")
                        .withSk("DST_SK")
                        .withBucket("archive")
                        .withRegion("cn-north-4")
                        .withSavePrefix("tencent/"))
                .withEnableKms(true)
                .withDescription("every field")
                .withMigrateSince(1767225600L)
                .withBandwidthPolicy(List.of(new BandwidthPolicyDto()
                        .withStart("08:00")
                        .withEnd("18:00")
                        .withMaxBandwidth(20_971_520L)))
                .withSourceCdn(new SourceCdnReq()
                        .withDomain("cdn.example.com")
                        .withProtocol(SourceCdnReq.ProtocolEnum.HTTPS)
                        .withAuthenticationType(SourceCdnReq.AuthenticationTypeEnum.TENCENT_COS_A)
                        .withAuthenticationKey("cdn-key"))
                .withSmnConfig(new SmnConfig()
                        .withTopicUrn("urn:smn:cn-north-4:" + SimClient.PROJECT + ":oms")
                        .withTriggerConditions(List.of("SUCCESS", "FAILURE"))
                        .withLanguage(SmnConfig.LanguageEnum.EN_US)
                        .withMessageTemplateName("oms-done"))
                .withEnableMetadataMigration(true)
                .withEnableRestore(true)
                .withEnableFailedObjectRecording(false)
                .withObjectOverwriteMode(CreateTaskReq.ObjectOverwriteModeEnum.CRC64_COMPARISON_OVERWRITE)
                .withDstStoragePolicy(CreateTaskReq.DstStoragePolicyEnum.IA)
                .withConsistencyCheck(CreateTaskReq.ConsistencyCheckEnum.CRC64)
                .withEnableRequesterPays(true)
                .withTaskPriority(CreateTaskReq.TaskPriorityEnum.HIGH);

        ShowTaskResponse t =
                show(sdk.createTask(new CreateTaskRequest().withBody(req)).getId());

        assertThat(t.getTaskType()).hasToString("prefix");
        assertThat(t.getSrcNode().getCloudType()).hasToString("Tencent");
        assertThat(t.getSrcNode().getAppId()).isEqualTo("1250000000");
        assertThat(t.getSrcNode().getObjectKey()).containsExactly("2026/");
        assertThat(t.getDstNode().getSavePrefix()).isEqualTo("tencent/");
        assertThat(t.getEnableKms()).isTrue();
        assertThat(t.getMigrateSince()).isEqualTo(1767225600L);
        assertThat(t.getBandwidthPolicy())
                .singleElement()
                .satisfies(w -> assertThat(w.getMaxBandwidth()).isEqualTo(20_971_520L));
        assertThat(t.getSourceCdn().getAuthenticationType()).hasToString("TENCENT_COS_A");
        assertThat(t.getEnableMetadataMigration()).isTrue();
        assertThat(t.getEnableRestore()).isTrue();
        assertThat(t.getEnableFailedObjectRecording()).isFalse();
        assertThat(t.getEnableRequesterPays()).isTrue();
        assertThat(t.getObjectOverwriteMode()).hasToString("CRC64_COMPARISON_OVERWRITE");
        assertThat(t.getDstStoragePolicy()).hasToString("IA");
        assertThat(t.getConsistencyCheck()).hasToString("crc64");
        assertThat(t.getTaskPriority()).hasToString("HIGH");
    }

    @Test
    void aTemporaryBucketKeyNeedsItsSecurityTokenInTheCreateAndInTheStart() {
        restartWithTemporaryKeysAndBuckets();
        CreateTaskReq without = createReq("photos", "no token");
        without.getSrcNode().withAk(STS_AK).withSk(STS_SK);
        CreateTaskReq with = createReq("photos", "with token");
        with.getSrcNode().withAk(STS_AK).withSk(STS_SK).withSecurityToken(STS_TOKEN);

        assertThatThrownBy(() -> sdk.createTask(new CreateTaskRequest().withBody(without)))
                .isInstanceOf(ClientRequestException.class)
                .hasMessageContaining("src_node.security_token");
        long id = sdk.createTask(new CreateTaskRequest().withBody(with)).getId();
        clock.advance(WAIT.plusSeconds(1));
        sdk.stopTask(new StopTaskRequest().withTaskId(String.valueOf(id)));
        StartTaskReq start = startReq().withSrcAk(STS_AK).withSrcSk(STS_SK);
        assertThatThrownBy(() -> sdk.startTask(
                        new StartTaskRequest().withTaskId(String.valueOf(id)).withBody(start)))
                .isInstanceOf(ClientRequestException.class)
                .hasMessageContaining("src_security_token");
        sdk.startTask(
                new StartTaskRequest().withTaskId(String.valueOf(id)).withBody(start.withSrcSecurityToken(STS_TOKEN)));
        assertThat(show(id).getStatus()).isIn(1, 2);
    }

    @Test
    void theSdkSigningWithATemporaryKeyAndItsTokenIsLetThroughAndWithoutTheTokenIsNot() {
        restartWithTemporaryKeysAndBuckets();
        OmsClient temporary = OmsClient.newBuilder()
                .withCredential(new BasicCredentials()
                        .withAk(STS_AK)
                        .withSk(STS_SK)
                        .withSecurityToken(STS_TOKEN)
                        .withProjectId(SimClient.PROJECT))
                .withEndpoint(simulator.baseUrl())
                .withHttpConfig(HttpConfig.getDefaultHttpConfig().withTimeout(10))
                .build();
        OmsClient tokenless = client(STS_AK, STS_SK);

        assertThat(temporary.listTasks(new ListTasksRequest()).getCount()).isZero();
        assertThatThrownBy(() -> tokenless.listTasks(new ListTasksRequest()))
                .isInstanceOf(ClientRequestException.class)
                .hasMessageContaining("security token");
    }

    @Test
    void theSdkReadsTheCheckCallsAnswersForBucketsRegionsAndPrefixes() {
        restartWithTemporaryKeysAndBuckets();

        ShowBucketListResponse buckets = sdk.showBucketList(new ShowBucketListRequest()
                .withBody(new ListBucketsReq()
                        .withCloudType("HuaweiCloud")
                        .withAk("DST_AK")
                        .withSk("DST_SK")));
        ShowBucketRegionResponse region = sdk.showBucketRegion(new ShowBucketRegionRequest()
                .withBody(new ShowBucketRegionReq()
                        .withCloudType("Aliyun")
                        .withAk("SRC_AK")
                        .withSk("SRC_SK")
                        .withBucketName("photos")));
        CheckPrefixResponse there = sdk.checkPrefix(new CheckPrefixRequest()
                .withBody(new CheckPrefixReq()
                        .withCloudType("Aliyun")
                        .withAk(STS_AK)
                        .withSk(STS_SK)
                        .withSecurityToken(STS_TOKEN)
                        .withBucketName("photos")
                        .withFileName("2026/")
                        .withDataCenter("cn-hangzhou")));
        CheckPrefixResponse absent = sdk.checkPrefix(new CheckPrefixRequest()
                .withBody(new CheckPrefixReq()
                        .withCloudType("Aliyun")
                        .withAk("SRC_AK")
                        .withSk("SRC_SK")
                        .withBucketName("photos")
                        .withFileName("2025/")
                        .withDataCenter("cn-hangzhou")));

        assertThat(buckets.getBody()).containsExactly("photos", "archive");
        assertThat(region.getId()).isEqualTo("cn-hangzhou");
        assertThat(region.getSupport()).isTrue();
        assertThat(there.getExist()).isTrue();
        assertThat(absent.getExist()).isFalse();
        assertThatThrownBy(() -> sdk.showBucketRegion(new ShowBucketRegionRequest()
                        .withBody(new ShowBucketRegionReq()
                                .withCloudType("Aliyun")
                                .withAk("SRC_AK")
                                .withSk("SRC_SK")
                                .withBucketName("nowhere"))))
                .isInstanceOf(ClientRequestException.class)
                .hasMessageContaining("nowhere");
    }

    private static BandwidthPolicyDto window(String start, String end, long bytesPerSecond) {
        return new BandwidthPolicyDto().withStart(start).withEnd(end).withMaxBandwidth(bytesPerSecond);
    }

    @Test
    void theSdkThrottlesARunningTaskAndReprioritisesAWaitingOneButNotARunningOne() {
        long running = sdk.createTask(new CreateTaskRequest().withBody(createReq("b1", "throttled")))
                .getId();
        clock.advance(WAIT.plusSeconds(1));
        sdk.updateBandwidthPolicy(new UpdateBandwidthPolicyRequest()
                .withTaskId(String.valueOf(running))
                .withBody(new UpdateBandwidthPolicyReq()
                        .withBandwidthPolicy(List.of(
                                window("08:00", "18:00", 20_971_520L), window("18:01", "23:59", 104_857_600L)))));

        ShowTaskResponse throttled = show(running);
        assertThat(throttled.getStatus()).isEqualTo(2);
        assertThat(throttled.getBandwidthPolicy())
                .extracting(BandwidthPolicyDto::getStart, BandwidthPolicyDto::getMaxBandwidth)
                .containsExactly(Tuple.tuple("08:00", 20_971_520L), Tuple.tuple("18:01", 104_857_600L));

        long waiting = sdk.createTask(new CreateTaskRequest().withBody(createReq("b2", "reprioritised")))
                .getId();
        sdk.batchUpdateTasks(new BatchUpdateTasksRequest()
                .withBody(new BatchUpdateTasksReq()
                        .withIds(List.of(waiting))
                        .withTaskPriority(BatchUpdateTasksReq.TaskPriorityEnum.HIGH)));
        assertThat(show(waiting).getTaskPriority()).hasToString("HIGH");

        assertThatThrownBy(() -> sdk.batchUpdateTasks(new BatchUpdateTasksRequest()
                        .withBody(new BatchUpdateTasksReq()
                                .withIds(List.of(running))
                                .withTaskPriority(BatchUpdateTasksReq.TaskPriorityEnum.LOW))))
                .isInstanceOfSatisfying(ClientRequestException.class, e -> {
                    assertThat(e.getHttpStatusCode()).isEqualTo(400);
                    assertThat(e.getErrorCode()).isEqualTo("OMS.0064");
                });
        assertThat(show(running).getTaskPriority()).as("unchanged").isNull();
    }

    @Test
    void theSdkReadsATaskWaitingForOneOfTheFiveRunningSlotsAsStatusOneWithItsPriority() {
        // OMS's own limit, which the other tests here lift
        simulator.close();
        simulator = OmsSimulator.start(SimulatorSettings.builder()
                .accessKey(AK, SK)
                .waitTime(WAIT)
                .runTime(RUN)
                .clock(clock)
                .build());
        sdk = client(AK, SK);
        for (int i = 0; i < 5; i++) {
            sdk.createTask(new CreateTaskRequest().withBody(createReq("busy-" + i, "busy")));
        }
        long waiting = sdk.createTask(new CreateTaskRequest()
                        .withBody(createReq("queued", "queued").withTaskPriority(CreateTaskReq.TaskPriorityEnum.LOW)))
                .getId();
        clock.advance(WAIT.plusSeconds(1));

        ShowTaskResponse shown = show(waiting);
        assertThat(shown.getStatus()).isEqualTo(1);
        assertThat(shown.getTaskPriority()).hasToString("LOW");
        assertThat(shown.getStartTime()).isZero();
        assertSdkSeesTheStore(shown);
        ListTasksResponse listed = sdk.listTasks(new ListTasksRequest().withStatus(1));
        assertThat(listed.getCount()).isEqualTo(1L);
        assertThat(listed.getTasks()).singleElement().satisfies(t -> {
            assertThat(t.getId()).isEqualTo(waiting);
            assertThat(t.getStatus()).isEqualTo(1);
            assertThat(t.getTaskPriority()).hasToString("LOW");
        });
        assertThat(sdk.listTasks(new ListTasksRequest().withStatus(2)).getCount())
                .isEqualTo(5L);

        sdk.batchUpdateTasks(new BatchUpdateTasksRequest()
                .withBody(new BatchUpdateTasksReq()
                        .withIds(List.of(waiting))
                        .withTaskPriority(BatchUpdateTasksReq.TaskPriorityEnum.HIGH)));
        assertThat(show(waiting).getTaskPriority()).hasToString("HIGH");
        assertThat(show(waiting).getStatus()).isEqualTo(1);
        clock.advance(RUN);
        assertThat(show(waiting).getStatus()).as("a slot freed").isEqualTo(2);
    }

    @Test
    void theSdkChangesAGroupsBandwidthAndItsTasksPriority() {
        String groupId = sdk.createTaskGroup(new CreateTaskGroupRequest()
                        .withBody(new CreateTaskGroupReq()
                                .withSrcNode(new TaskGroupSrcNode()
                                        .withCloudType("Aliyun")
                                        .withRegion("cn-hangzhou")
                                        .withAk("SRC_AK")
                                        .withSk("SRC_SK")
                                        .withBucket("big-bucket")
                                        .withObjectKey(List.of("a/", "b/")))
                                .withDstNode(new TaskGroupDstNode()
                                        .withAk("DST_AK")
                                        .withSk("DST_SK")
                                        .withBucket("archive")
                                        .withRegion("cn-north-4"))
                                .withEnableKms(false)))
                .getGroupId();

        sdk.updateTaskGroup(new UpdateTaskGroupRequest()
                .withGroupId(groupId)
                .withBody(new UpdateBandwidthPolicyReq()
                        .withBandwidthPolicy(List.of(window("00:00", "06:00", 5_242_880L)))));
        sdk.batchUpdateTasks(new BatchUpdateTasksRequest()
                .withBody(new BatchUpdateTasksReq()
                        .withGroupId(groupId)
                        .withTaskPriority(BatchUpdateTasksReq.TaskPriorityEnum.LOW)));

        ListTasksResponse members = sdk.listTasks(new ListTasksRequest().withGroupId(groupId));
        assertThat(members.getTasks()).hasSize(2).allSatisfy(t -> {
            assertThat(t.getTaskPriority()).hasToString("LOW");
            assertThat(t.getBandwidthPolicy())
                    .singleElement()
                    .extracting(BandwidthPolicyDto::getMaxBandwidth)
                    .isEqualTo(5_242_880L);
        });
    }
}
