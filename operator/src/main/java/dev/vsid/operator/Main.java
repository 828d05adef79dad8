package dev.vsid.operator;

import dev.vsid.operator.config.OperatorSettings;
import dev.vsid.operator.inspect.InspectCommand;
import dev.vsid.operator.kube.ApiClients;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the operator against the cluster of the usual kubeconfig or in-cluster configuration. */
public final class Main {
  private static final Logger log = LoggerFactory.getLogger(Main.class);

  private static final String USAGE =
      String.join(
          "\n",
          "usage: java -jar vsid-operator.jar",
          "         run the operator (kubeconfig or in-cluster configuration)",
          "       java -jar vsid-operator.jar inspect PATH [--at TIME]",
          "         check a folder of SVID files, or a Secret as YAML or JSON",
          "settings come from VSID_* environment variables; see the README");

  private Main() {}

  /** With no arguments, runs the operator; {@code inspect <path>} checks an SVID and exits. */
  public static void main(String[] args) {
    if (args.length > 0 && args[0].equals("inspect")) {
      System.exit(InspectCommand.run(Arrays.copyOfRange(args, 1, args.length), System.out));
    }
    if (args.length > 0) {
      System.out.println(USAGE);
      System.exit(args[0].equals("--help") || args[0].equals("-h") ? 0 : 2);
    }
    OperatorSettings settings = OperatorSettings.fromEnvironment(System.getenv());
    KubernetesClient client = ApiClients.builder().build();
    VsidOperator operator = new VsidOperator(client, settings, Clock.systemUTC());
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  operator.close();
                  client.close();
                },
                "shutdown"));
    operator.start();
    log.info(
        "vsid-operator started against {} (CA namespace {})",
        client.getConfiguration().getMasterUrl(),
        settings.namespace());
    var election = settings.leaderElection();
    if (election.enabled()) {
      log.info(
          "Leader election on Lease {}/{} as {}: only the holder reconciles",
          election.leaseNamespace(),
          election.leaseName(),
          election.identity());
    }
  }
}
