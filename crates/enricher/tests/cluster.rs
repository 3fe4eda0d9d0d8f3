//! A RabbitMQ cluster losing a node: three nodes on loopback, quorum queues on all three, one
//! worker given every node's URL. The node the worker is connected to is killed with SIGKILL
//! mid-stream: the worker moves to another node, no article is lost, duplicates share their
//! record id; the killed node, started again, rejoins and serves.

use std::time::Duration;

use enricher_tests::{
    assert_complete, assert_progress, collect_records, queue_articles, ready_count, runtime,
    wait_until, Cluster, Worker,
};

const ARTICLES: usize = 10_000;

#[test]
fn a_cluster_losing_the_workers_node_loses_no_article() {
    let cluster = Cluster::start(3);
    let [first, second, third] = &cluster.nodes[..] else {
        panic!("three nodes")
    };
    let rt = runtime();
    // Published through a node that stays up, so the fault is the worker's alone.
    let expected = queue_articles(second, &rt, "cluster", ARTICLES);
    let members = second.ctl(&["list_queues", "name", "type", "members", "--silent"]);
    for node in &cluster.nodes {
        assert!(
            members.contains(node.node_name()),
            "queues not replicated to {}: {members}",
            node.node_name()
        );
    }

    let urls = cluster.urls();
    let worker = Worker::start(first, &[("ENRICHER__AMQP__URL", urls.as_str())]);
    assert_progress(&rt, second, &worker, 1_000);
    let connected_to_first = first.ctl(&["list_connections", "--silent"]);
    assert!(
        !connected_to_first.trim().is_empty(),
        "the worker connects to the first node listed"
    );
    first.kill();
    let left = rt.block_on(ready_count(second, "articles.new"));
    assert!(left > 0, "the kill must happen mid-stream");

    let records = rt.block_on(collect_records(second, &expected, Duration::from_secs(600)));
    let duplicates = assert_complete(&records, &expected, &worker.log());
    assert!(
        worker.log().contains(&format!("127.0.0.1:{}", second.port)),
        "the worker moved to the second node:\n{}",
        worker.log()
    );
    eprintln!(
        "{ARTICLES} articles, killed with {left} left in the input queue: \
         all enriched, {duplicates} duplicate(s) with the same record id"
    );

    // The killed node starts again, rejoins, and its queue replicas come back online.
    first.boot();
    assert!(
        wait_until(Duration::from_secs(120), || {
            let online = third.ctl(&["list_queues", "name", "online", "--silent"]);
            online
                .lines()
                .filter(|l| l.starts_with("articles."))
                .all(|l| l.contains(first.node_name()))
        }),
        "the restarted node did not rejoin its queues: {}",
        third.ctl(&["cluster_status"])
    );
    assert_eq!(rt.block_on(ready_count(first, "articles.new")), 0);
    assert_eq!(rt.block_on(ready_count(first, "articles.new.dlq")), 0);
    assert!(worker.log().contains("connected to the broker"));
}
