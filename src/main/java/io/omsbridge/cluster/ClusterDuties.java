package io.omsbridge.cluster;

import io.omsbridge.model.Duties;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.cluster.CamelClusterEventListener;
import org.apache.camel.cluster.CamelClusterMember;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.cluster.CamelClusterView;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The duties as a Camel cluster service sees them: one view per duty (the namespace is the duty's name), kept while
 * the bridge runs, whose leadership events say who leads and when this bridge took a duty. Started after the cluster
 * service, stopped before it.
 */
public final class ClusterDuties extends ServiceSupport implements Duties {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterDuties.class);

    private final CamelClusterService service;
    private final List<String> duties;
    private final Map<String, String> leaders = new ConcurrentHashMap<>();
    private final Map<String, Long> terms = new ConcurrentHashMap<>();
    private final Map<String, Boolean> led = new ConcurrentHashMap<>();
    private final List<CamelClusterView> views = new ArrayList<>();
    private final CamelClusterEventListener.Leadership listener = this::leadershipChanged;

    public ClusterDuties(CamelClusterService service, List<String> duties) {
        this.service = service;
        this.duties = List.copyOf(duties);
    }

    @Override
    protected void doStart() throws Exception {
        for (String duty : duties) {
            CamelClusterView view = service.getView(duty);
            views.add(view);
            view.addEventListener(listener);
        }
    }

    @Override
    protected void doStop() throws Exception {
        for (CamelClusterView view : views) {
            view.removeEventListener(listener);
            service.releaseView(view);
        }
        views.clear();
    }

    private void leadershipChanged(CamelClusterView view, CamelClusterMember leader) {
        String duty = view.getNamespace();
        boolean local = view.getLocalMember().isLeader();
        if (leader == null) {
            leaders.remove(duty);
        } else {
            leaders.put(duty, leader.getId());
        }
        if (local && !Boolean.TRUE.equals(led.put(duty, true))) {
            terms.merge(duty, 1L, Long::sum);
            LOG.info(
                    "this bridge ({}) now leads duty '{}'",
                    view.getLocalMember().getId(),
                    duty);
        } else if (!local && Boolean.TRUE.equals(led.put(duty, false))) {
            LOG.info(
                    "this bridge ({}) no longer leads duty '{}'{}",
                    view.getLocalMember().getId(),
                    duty,
                    leader == null ? "" : "; " + leader.getId() + " does");
        }
    }

    @Override
    public boolean leads(String duty) {
        return isRunAllowed() && service.isLeader(duty);
    }

    @Override
    public Optional<String> leader(String duty) {
        return Optional.ofNullable(leaders.get(duty));
    }

    @Override
    public long term(String duty) {
        return terms.getOrDefault(duty, 0L);
    }
}
