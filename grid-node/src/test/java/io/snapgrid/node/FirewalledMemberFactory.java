package io.snapgrid.node;

import com.hazelcast.config.Config;
import com.hazelcast.core.HazelcastInstance;
import io.snapgrid.snapshot.mapstore.SnapshotMapStores;
import com.hazelcast.instance.impl.HazelcastInstanceFactory;
import com.hazelcast.instance.impl.NodeContext;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.snapgrid.node.config.SnapgridSettings;

/**
 * In a node given a Hazelcast {@link NodeContext} bean (testing.Firewall), builds the member with it instead of
 * the default one, from the same configuration. Nodes without such a bean keep the production factory.
 */
@Factory
@Requires(beans = NodeContext.class)
class FirewalledMemberFactory {

    @Context
    @Replaces(bean = HazelcastInstance.class, factory = GridMemberFactory.class)
    @Bean(preDestroy = "shutdown")
    HazelcastInstance member(SnapgridSettings settings, NodeContext nodeContext, SnapshotMapStores snapshotStore) {
        Config config = MemberConfigs.build(settings, snapshotStore);
        return HazelcastInstanceFactory.newHazelcastInstance(config, config.getInstanceName(), nodeContext);
    }
}
