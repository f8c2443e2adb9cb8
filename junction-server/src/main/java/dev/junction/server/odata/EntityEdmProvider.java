package dev.junction.server.odata;

import dev.junction.config.ActionConfig;
import dev.junction.config.EntityConfig;
import dev.junction.config.FieldConfig;
import dev.junction.config.FieldType;
import dev.junction.config.RelationConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.olingo.commons.api.edm.EdmPrimitiveTypeKind;
import org.apache.olingo.commons.api.edm.FullQualifiedName;
import org.apache.olingo.commons.api.edm.provider.CsdlAbstractEdmProvider;
import org.apache.olingo.commons.api.edm.provider.CsdlAction;
import org.apache.olingo.commons.api.edm.provider.CsdlActionImport;
import org.apache.olingo.commons.api.edm.provider.CsdlAnnotation;
import org.apache.olingo.commons.api.edm.provider.CsdlEntityContainer;
import org.apache.olingo.commons.api.edm.provider.CsdlEntityContainerInfo;
import org.apache.olingo.commons.api.edm.provider.CsdlEntitySet;
import org.apache.olingo.commons.api.edm.provider.CsdlEntityType;
import org.apache.olingo.commons.api.edm.provider.CsdlNavigationProperty;
import org.apache.olingo.commons.api.edm.provider.CsdlNavigationPropertyBinding;
import org.apache.olingo.commons.api.edm.provider.CsdlParameter;
import org.apache.olingo.commons.api.edm.provider.CsdlProperty;
import org.apache.olingo.commons.api.edm.provider.CsdlPropertyRef;
import org.apache.olingo.commons.api.edm.provider.CsdlReturnType;
import org.apache.olingo.commons.api.edm.provider.CsdlSchema;
import org.apache.olingo.commons.api.edm.provider.annotation.CsdlConstantExpression;
import org.apache.olingo.commons.api.edm.provider.annotation.CsdlPropertyValue;
import org.apache.olingo.commons.api.edm.provider.annotation.CsdlRecord;

/**
 * The entity data model generated from config: one entity type and one entity set (both named after
 * the entity) per entity, keys (composite too), typed properties, a collection-valued navigation
 * property per relation, and the declared actions (bound ones on their entity type, unbound ones
 * through an action import).
 */
final class EntityEdmProvider extends CsdlAbstractEdmProvider {
  static final String NAMESPACE = "Junction";
  static final String CONTAINER_NAME = "Container";
  static final FullQualifiedName CONTAINER = new FullQualifiedName(NAMESPACE, CONTAINER_NAME);
  static final String BINDING_PARAMETER = "bindingParameter";

  private final Map<String, EntityConfig> entities;
  private final List<ActionConfig> actions;

  EntityEdmProvider(List<EntityConfig> entities, List<ActionConfig> actions) {
    this.entities =
        entities.stream()
            .collect(
                Collectors.toMap(
                    EntityConfig::name,
                    Function.identity(),
                    (a, b) -> a,
                    java.util.LinkedHashMap::new));
    this.actions = List.copyOf(actions);
  }

  static FullQualifiedName typeName(String entity) {
    return new FullQualifiedName(NAMESPACE, entity);
  }

  static FullQualifiedName primitive(FieldType type) {
    return switch (type) {
      case STRING, JSON -> EdmPrimitiveTypeKind.String.getFullQualifiedName();
      case INTEGER -> EdmPrimitiveTypeKind.Int32.getFullQualifiedName();
      case LONG -> EdmPrimitiveTypeKind.Int64.getFullQualifiedName();
      case DECIMAL -> EdmPrimitiveTypeKind.Decimal.getFullQualifiedName();
      case BOOLEAN -> EdmPrimitiveTypeKind.Boolean.getFullQualifiedName();
      case DATE -> EdmPrimitiveTypeKind.Date.getFullQualifiedName();
      case DATETIME -> EdmPrimitiveTypeKind.DateTimeOffset.getFullQualifiedName();
    };
  }

  @Override
  public CsdlEntityType getEntityType(FullQualifiedName name) {
    if (!NAMESPACE.equals(name.getNamespace())) return null;
    EntityConfig entity = entities.get(name.getName());
    if (entity == null) return null;
    List<CsdlProperty> properties = new ArrayList<>();
    for (FieldConfig field : entity.fields()) {
      properties.add(property(field, entity.key().contains(field.name())));
    }
    List<CsdlNavigationProperty> navigation = new ArrayList<>();
    for (RelationConfig relation : entity.relations()) {
      navigation.add(
          new CsdlNavigationProperty()
              .setName(relation.name())
              .setType(typeName(relation.entity()))
              .setCollection(true));
    }
    return new CsdlEntityType()
        .setName(entity.name())
        .setProperties(properties)
        .setKey(entity.key().stream().map(k -> new CsdlPropertyRef().setName(k)).toList())
        .setNavigationProperties(navigation);
  }

  static CsdlProperty property(FieldConfig field, boolean key) {
    CsdlProperty property =
        new CsdlProperty()
            .setName(field.name())
            .setType(primitive(field.type()))
            .setNullable(!(key || field.required()));
    if (field.type() == FieldType.STRING) property.setMaxLength(field.length());
    if (field.type() == FieldType.DECIMAL) {
      property.setPrecision(field.precision()).setScale(field.scale());
    }
    return property;
  }

  @Override
  public CsdlEntitySet getEntitySet(FullQualifiedName container, String name) {
    if (!CONTAINER.equals(container)) return null;
    EntityConfig entity = entities.get(name);
    if (entity == null) return null;
    return new CsdlEntitySet()
        .setName(name)
        .setType(typeName(name))
        .setAnnotations(List.of(changeTracking()))
        .setNavigationPropertyBindings(
            entity.relations().stream()
                .map(
                    r ->
                        new CsdlNavigationPropertyBinding().setPath(r.name()).setTarget(r.entity()))
                .toList());
  }

  /** The vocabulary term of {@link #changeTracking()}, so Olingo resolves and writes it. */
  @Override
  public org.apache.olingo.commons.api.edm.provider.CsdlTerm getTerm(FullQualifiedName name) {
    if (!CHANGE_TRACKING.equals(name)) return null;
    return new org.apache.olingo.commons.api.edm.provider.CsdlTerm()
        .setName(CHANGE_TRACKING.getName())
        .setType("Org.OData.Capabilities.V1.ChangeTrackingType")
        .setAppliesTo(List.of("EntitySet"));
  }

  static final FullQualifiedName CHANGE_TRACKING =
      new FullQualifiedName("Org.OData.Capabilities.V1", "ChangeTracking");

  /** Every entity set is change-tracked: the store logs each change (delta links, DeltaLinks). */
  private static CsdlAnnotation changeTracking() {
    return new CsdlAnnotation()
        .setTerm("Org.OData.Capabilities.V1.ChangeTracking")
        .setExpression(
            new CsdlRecord()
                .setPropertyValues(
                    List.of(
                        new CsdlPropertyValue()
                            .setProperty("Supported")
                            .setValue(
                                new CsdlConstantExpression(
                                    CsdlConstantExpression.ConstantExpressionType.Bool, "true")))));
  }

  @Override
  public List<CsdlAction> getActions(FullQualifiedName name) {
    if (!NAMESPACE.equals(name.getNamespace())) return null;
    List<CsdlAction> found =
        actions.stream().filter(a -> a.name().equals(name.getName())).map(this::action).toList();
    return found.isEmpty() ? null : found;
  }

  private CsdlAction action(ActionConfig config) {
    List<CsdlParameter> parameters = new ArrayList<>();
    if (config.isBound()) {
      parameters.add(
          new CsdlParameter()
              .setName(BINDING_PARAMETER)
              .setType(typeName(config.boundTo()))
              .setNullable(false));
    }
    for (FieldConfig p : config.parameters()) {
      CsdlParameter parameter =
          new CsdlParameter()
              .setName(p.name())
              .setType(primitive(p.type()))
              .setNullable(!p.required());
      if (p.type() == FieldType.DECIMAL) parameter.setPrecision(p.precision()).setScale(p.scale());
      parameters.add(parameter);
    }
    CsdlAction action =
        new CsdlAction()
            .setName(config.name())
            .setBound(config.isBound())
            .setParameters(parameters);
    if (config.returnsEntity() != null) {
      action.setReturnType(new CsdlReturnType().setType(typeName(config.returnsEntity())));
    } else if (config.returnsType() != null) {
      action.setReturnType(new CsdlReturnType().setType(primitive(config.returnsType())));
    }
    return action;
  }

  @Override
  public CsdlActionImport getActionImport(FullQualifiedName container, String name) {
    if (!CONTAINER.equals(container)) return null;
    return actions.stream()
        .filter(a -> !a.isBound() && a.name().equals(name))
        .findFirst()
        .map(
            a -> {
              CsdlActionImport actionImport =
                  new CsdlActionImport().setName(a.name()).setAction(typeName(a.name()));
              if (a.returnsEntity() != null) actionImport.setEntitySet(a.returnsEntity());
              return actionImport;
            })
        .orElse(null);
  }

  @Override
  public CsdlEntityContainerInfo getEntityContainerInfo(FullQualifiedName name) {
    if (name == null || CONTAINER.equals(name)) {
      return new CsdlEntityContainerInfo().setContainerName(CONTAINER);
    }
    return null;
  }

  @Override
  public CsdlEntityContainer getEntityContainer() {
    return new CsdlEntityContainer()
        .setName(CONTAINER_NAME)
        .setEntitySets(entities.keySet().stream().map(n -> getEntitySet(CONTAINER, n)).toList())
        .setActionImports(
            actions.stream()
                .filter(a -> !a.isBound())
                .map(a -> getActionImport(CONTAINER, a.name()))
                .toList());
  }

  @Override
  public List<CsdlSchema> getSchemas() {
    CsdlSchema schema = new CsdlSchema().setNamespace(NAMESPACE);
    schema.setEntityTypes(entities.keySet().stream().map(n -> getEntityType(typeName(n))).toList());
    List<CsdlAction> all = new ArrayList<>();
    actions.stream()
        .map(ActionConfig::name)
        .distinct()
        .forEach(n -> all.addAll(getActions(typeName(n))));
    schema.setActions(all);
    schema.setEntityContainer(getEntityContainer());
    return List.of(schema);
  }
}
