package dev.vsid.operator.api.v1alpha1;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.io.IOException;
import java.util.Collection;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Reads a spec or status, and when its JSON has the wrong shape returns an empty instance that
 * records the problem. One malformed object must never stop the informer that lists it.
 */
public abstract class TolerantDeserializer<T extends Unparseable> extends StdDeserializer<T> {
  private final Class<T> type;
  private final Supplier<T> empty;
  private final String field;

  protected TolerantDeserializer(Class<T> type, Supplier<T> empty, String field) {
    super(type);
    this.type = type;
    this.empty = empty;
    this.field = field;
  }

  @Override
  public T deserialize(JsonParser parser, DeserializationContext context) throws IOException {
    JsonNode node = context.readTree(parser);
    if (node == null || node.isNull() || node.isMissingNode()) {
      return null;
    }
    try {
      return context.readTreeAsValue(node, type);
    } catch (JsonMappingException e) {
      T placeholder = empty.get();
      placeholder.markUnparseable(describe(e));
      return placeholder;
    }
  }

  private String describe(JsonMappingException e) {
    StringBuilder path = new StringBuilder(field);
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        path.append('.').append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
      return path + " has the wrong type: expected " + describeType(mismatch.getTargetType());
    }
    return path + " cannot be read: " + e.getOriginalMessage();
  }

  private static String describeType(Class<?> target) {
    if (target == String.class) {
      return "a string";
    }
    if (Collection.class.isAssignableFrom(target) || target.isArray()) {
      return "a list";
    }
    if (Number.class.isAssignableFrom(target) || target.isPrimitive()) {
      return "a number";
    }
    if (target == Boolean.class) {
      return "true or false";
    }
    return Map.class.isAssignableFrom(target) ? "a map" : "an object";
  }

  /** Deserialiser for {@link TrustDomain} specs. */
  public static final class ForTrustDomainSpec extends TolerantDeserializer<TrustDomainSpec> {
    public ForTrustDomainSpec() {
      super(TrustDomainSpec.class, TrustDomainSpec::new, "spec");
    }
  }

  /** Deserialiser for {@link TrustDomain} statuses. */
  public static final class ForTrustDomainStatus extends TolerantDeserializer<TrustDomainStatus> {
    public ForTrustDomainStatus() {
      super(TrustDomainStatus.class, TrustDomainStatus::new, "status");
    }
  }

  /** Deserialiser for {@link WorkloadIdentity} specs. */
  public static final class ForWorkloadIdentitySpec
      extends TolerantDeserializer<WorkloadIdentitySpec> {
    public ForWorkloadIdentitySpec() {
      super(WorkloadIdentitySpec.class, WorkloadIdentitySpec::new, "spec");
    }
  }

  /** Deserialiser for {@link WorkloadIdentity} statuses. */
  public static final class ForWorkloadIdentityStatus
      extends TolerantDeserializer<WorkloadIdentityStatus> {
    public ForWorkloadIdentityStatus() {
      super(WorkloadIdentityStatus.class, WorkloadIdentityStatus::new, "status");
    }
  }

  public static final class ForFederatedTrustDomainSpec
      extends TolerantDeserializer<FederatedTrustDomainSpec> {
    public ForFederatedTrustDomainSpec() {
      super(FederatedTrustDomainSpec.class, FederatedTrustDomainSpec::new, "spec");
    }
  }

  public static final class ForFederatedTrustDomainStatus
      extends TolerantDeserializer<FederatedTrustDomainStatus> {
    public ForFederatedTrustDomainStatus() {
      super(FederatedTrustDomainStatus.class, FederatedTrustDomainStatus::new, "status");
    }
  }
}
