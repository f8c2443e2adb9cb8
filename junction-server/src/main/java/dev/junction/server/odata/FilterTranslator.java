package dev.junction.server.odata;

import dev.junction.config.EntityConfig;
import dev.junction.config.FieldConfig;
import dev.junction.config.FieldType;
import dev.junction.store.Expr;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.olingo.commons.api.edm.EdmEnumType;
import org.apache.olingo.commons.api.edm.EdmType;
import org.apache.olingo.commons.api.http.HttpStatusCode;
import org.apache.olingo.server.api.ODataApplicationException;
import org.apache.olingo.server.api.uri.UriInfoResource;
import org.apache.olingo.server.api.uri.UriResource;
import org.apache.olingo.server.api.uri.UriResourcePrimitiveProperty;
import org.apache.olingo.server.api.uri.queryoption.expression.BinaryOperatorKind;
import org.apache.olingo.server.api.uri.queryoption.expression.Expression;
import org.apache.olingo.server.api.uri.queryoption.expression.ExpressionVisitException;
import org.apache.olingo.server.api.uri.queryoption.expression.ExpressionVisitor;
import org.apache.olingo.server.api.uri.queryoption.expression.Literal;
import org.apache.olingo.server.api.uri.queryoption.expression.Member;
import org.apache.olingo.server.api.uri.queryoption.expression.MethodKind;
import org.apache.olingo.server.api.uri.queryoption.expression.UnaryOperatorKind;

/**
 * Translates an Olingo {@code $filter} tree into a store {@link Expr}, type-checking every node so
 * the SQL the store generates cannot fail on a type mismatch, and counting nodes so an oversized
 * tree is refused (400) before any SQL runs. Unsupported constructs (lambdas, {@code has},
 * functions outside the supported set) answer 400 with code {@code NotSupported}.
 */
final class FilterTranslator implements ExpressionVisitor<FilterTranslator.Typed> {

  /** The static type of an expression node. */
  enum Kind {
    STRING,
    NUMBER,
    BOOLEAN,
    DATE,
    DATETIME,
    NULL
  }

  /** An expression with its static type; {@code predicate} marks a boolean condition. */
  record Typed(Expr expr, Kind kind, boolean predicate) {}

  private final EntityConfig entity;
  private final int maxNodes;
  private int nodes;

  private FilterTranslator(EntityConfig entity, int maxNodes) {
    this.entity = entity;
    this.maxNodes = maxNodes;
  }

  /** Translates {@code filter} over {@code entity} into a boolean store expression. */
  static Expr translate(Expression filter, EntityConfig entity, int maxNodes)
      throws ODataApplicationException {
    FilterTranslator translator = new FilterTranslator(entity, maxNodes);
    Typed result;
    try {
      result = filter.accept(translator);
    } catch (ExpressionVisitException e) {
      throw badRequest("Invalid $filter: " + e.getMessage());
    } catch (StackOverflowError e) {
      throw badRequest("$filter is nested too deeply.");
    }
    return translator.asPredicate(result, "$filter").expr();
  }

  static ODataApplicationException badRequest(String message) {
    return new ODataApplicationException(
        message, HttpStatusCode.BAD_REQUEST.getStatusCode(), Locale.ROOT);
  }

  /**
   * A query construct this service does not support: 400 (not 501), so no query string a client
   * sends ever yields a 5xx; the code {@code NotSupported} tells it apart from a malformed query.
   */
  static ODataApplicationException unsupported(String message) {
    return new ODataApplicationException(
        message, HttpStatusCode.BAD_REQUEST.getStatusCode(), Locale.ROOT, "NotSupported");
  }

  static ODataApplicationException notImplemented(String message) {
    return new ODataApplicationException(
        message, HttpStatusCode.NOT_IMPLEMENTED.getStatusCode(), Locale.ROOT);
  }

  private Typed node(Expr expr, Kind kind, boolean predicate) throws ODataApplicationException {
    if (++nodes > maxNodes) {
      throw badRequest("$filter has more than " + maxNodes + " nodes; split the query.");
    }
    return new Typed(expr, kind, predicate);
  }

  private Typed asPredicate(Typed t, String where) throws ODataApplicationException {
    if (t.predicate()) return t;
    if (t.kind() == Kind.BOOLEAN) {
      return node(
          new Expr.Compare(Expr.CompareOp.EQ, t.expr(), Expr.literal(true)), Kind.BOOLEAN, true);
    }
    throw badRequest(where + " must be a boolean condition, but is a " + describe(t.kind()) + ".");
  }

  private static String describe(Kind kind) {
    return kind.name().toLowerCase(Locale.ROOT) + " value";
  }

  @Override
  public Typed visitBinaryOperator(BinaryOperatorKind operator, Typed left, Typed right)
      throws ODataApplicationException {
    return switch (operator) {
      case AND, OR -> logical(operator, left, right);
      case EQ, NE, GT, GE, LT, LE -> compare(operator, left, right);
      case ADD, SUB, MUL, DIV, MOD -> arithmetic(operator, left, right);
      case HAS -> throw unsupported("The 'has' operator is not supported.");
      case IN -> in(left, List.of(right));
    };
  }

  @Override
  public Typed visitBinaryOperator(BinaryOperatorKind operator, Typed left, List<Typed> right)
      throws ODataApplicationException {
    if (operator != BinaryOperatorKind.IN) {
      throw badRequest("Operator '" + operator + "' does not take a list.");
    }
    return in(left, right);
  }

  private Typed logical(BinaryOperatorKind operator, Typed left, Typed right)
      throws ODataApplicationException {
    Typed l = asPredicate(left, "The left side of '" + operator + "'");
    Typed r = asPredicate(right, "The right side of '" + operator + "'");
    List<Expr> operands = new ArrayList<>();
    boolean and = operator == BinaryOperatorKind.AND;
    for (Expr e : List.of(l.expr(), r.expr())) {
      if (and && e instanceof Expr.And a) operands.addAll(a.operands());
      else if (!and && e instanceof Expr.Or o) operands.addAll(o.operands());
      else operands.add(e);
    }
    return node(and ? new Expr.And(operands) : new Expr.Or(operands), Kind.BOOLEAN, true);
  }

  private Typed compare(BinaryOperatorKind operator, Typed left, Typed right)
      throws ODataApplicationException {
    Expr.CompareOp op = Expr.CompareOp.valueOf(operator.name());
    boolean nullSide = left.kind() == Kind.NULL || right.kind() == Kind.NULL;
    if (nullSide && op != Expr.CompareOp.EQ && op != Expr.CompareOp.NE) {
      throw badRequest("Only 'eq' and 'ne' compare with null, not '" + operator + "'.");
    }
    if (!nullSide && !comparable(left.kind(), right.kind())) {
      throw badRequest(
          "Cannot compare a "
              + describe(left.kind())
              + " with a "
              + describe(right.kind())
              + " using '"
              + operator
              + "'.");
    }
    if (left.predicate() || right.predicate()) {
      throw badRequest("Conditions cannot be compared with '" + operator + "'.");
    }
    if (left.expr() instanceof Expr.Literal && right.expr() instanceof Expr.Field) {
      return node(new Expr.Compare(flip(op), right.expr(), left.expr()), Kind.BOOLEAN, true);
    }
    return node(new Expr.Compare(op, left.expr(), right.expr()), Kind.BOOLEAN, true);
  }

  private static Expr.CompareOp flip(Expr.CompareOp op) {
    return switch (op) {
      case GT -> Expr.CompareOp.LT;
      case GE -> Expr.CompareOp.LE;
      case LT -> Expr.CompareOp.GT;
      case LE -> Expr.CompareOp.GE;
      default -> op;
    };
  }

  private static boolean comparable(Kind a, Kind b) {
    return a == b;
  }

  private Typed arithmetic(BinaryOperatorKind operator, Typed left, Typed right)
      throws ODataApplicationException {
    if (left.kind() != Kind.NUMBER || right.kind() != Kind.NUMBER) {
      throw badRequest(
          "'"
              + operator
              + "' needs numbers, got a "
              + describe(left.kind())
              + " and a "
              + describe(right.kind())
              + ".");
    }
    Expr.ArithmeticOp op = Expr.ArithmeticOp.valueOf(operator.name());
    if ((op == Expr.ArithmeticOp.DIV || op == Expr.ArithmeticOp.MOD)
        && right.expr() instanceof Expr.Literal lit
        && lit.value() instanceof Number n
        && new BigDecimal(n.toString()).signum() == 0) {
      throw badRequest("Division by zero in $filter.");
    }
    return node(new Expr.Arithmetic(op, left.expr(), right.expr()), Kind.NUMBER, false);
  }

  private Typed in(Typed value, List<Typed> candidates) throws ODataApplicationException {
    List<Expr> exprs = new ArrayList<>(candidates.size());
    for (Typed c : candidates) {
      if (c.kind() != value.kind()) {
        throw badRequest(
            "'in' needs candidates of the same type as the value ("
                + describe(value.kind())
                + "), got a "
                + describe(c.kind())
                + ".");
      }
      exprs.add(c.expr());
    }
    if (exprs.isEmpty()) throw badRequest("'in' needs at least one candidate.");
    return node(new Expr.In(value.expr(), exprs), Kind.BOOLEAN, true);
  }

  @Override
  public Typed visitUnaryOperator(UnaryOperatorKind operator, Typed operand)
      throws ODataApplicationException {
    if (operator == UnaryOperatorKind.NOT) {
      return node(
          new Expr.Not(asPredicate(operand, "The operand of 'not'").expr()), Kind.BOOLEAN, true);
    }
    if (operand.kind() != Kind.NUMBER) {
      throw badRequest("Unary '-' needs a number, got a " + describe(operand.kind()) + ".");
    }
    if (operand.expr() instanceof Expr.Literal lit && lit.value() instanceof BigDecimal d) {
      return node(Expr.literal(d.negate()), Kind.NUMBER, false);
    }
    if (operand.expr() instanceof Expr.Literal lit && lit.value() instanceof Long l) {
      return node(Expr.literal(-l), Kind.NUMBER, false);
    }
    return node(
        new Expr.Arithmetic(Expr.ArithmeticOp.SUB, Expr.literal(0L), operand.expr()),
        Kind.NUMBER,
        false);
  }

  @Override
  public Typed visitMethodCall(MethodKind method, List<Typed> parameters)
      throws ODataApplicationException {
    return switch (method) {
      case CONTAINS -> stringPredicate(Expr.Function.CONTAINS, method, parameters);
      case STARTSWITH -> stringPredicate(Expr.Function.STARTSWITH, method, parameters);
      case ENDSWITH -> stringPredicate(Expr.Function.ENDSWITH, method, parameters);
      case TOLOWER -> call(Expr.Function.TOLOWER, method, parameters, Kind.STRING, Kind.STRING);
      case TOUPPER -> call(Expr.Function.TOUPPER, method, parameters, Kind.STRING, Kind.STRING);
      case TRIM -> call(Expr.Function.TRIM, method, parameters, Kind.STRING, Kind.STRING);
      case LENGTH -> call(Expr.Function.LENGTH, method, parameters, Kind.STRING, Kind.NUMBER);
      case YEAR -> datePart(Expr.Function.YEAR, method, parameters);
      case MONTH -> datePart(Expr.Function.MONTH, method, parameters);
      case DAY -> datePart(Expr.Function.DAY, method, parameters);
      default ->
          throw unsupported(
              "The function '"
                  + method
                  + "' is not supported in $filter (supported: contains,"
                  + " startswith, endswith, tolower, toupper, trim, length, year, month, day).");
    };
  }

  private Typed stringPredicate(Expr.Function function, MethodKind method, List<Typed> params)
      throws ODataApplicationException {
    for (Typed p : params) requireKind(method, p, Kind.STRING);
    return node(
        new Expr.Call(function, params.stream().map(Typed::expr).toList()), Kind.BOOLEAN, true);
  }

  private Typed call(
      Expr.Function function, MethodKind method, List<Typed> params, Kind argument, Kind result)
      throws ODataApplicationException {
    if (params.size() != function.arity()) {
      throw badRequest(method + " takes " + function.arity() + " argument(s).");
    }
    for (Typed p : params) requireKind(method, p, argument);
    return node(new Expr.Call(function, params.stream().map(Typed::expr).toList()), result, false);
  }

  private Typed datePart(Expr.Function function, MethodKind method, List<Typed> params)
      throws ODataApplicationException {
    if (params.size() != 1
        || (params.get(0).kind() != Kind.DATE && params.get(0).kind() != Kind.DATETIME)) {
      throw badRequest(method + " takes one date or date-time argument.");
    }
    return node(new Expr.Call(function, List.of(params.get(0).expr())), Kind.NUMBER, false);
  }

  private static void requireKind(MethodKind method, Typed p, Kind kind)
      throws ODataApplicationException {
    if (p.kind() != kind || p.predicate()) {
      throw badRequest(
          method + " needs " + describe(kind) + " arguments, got a " + describe(p.kind()) + ".");
    }
  }

  @Override
  public Typed visitLiteral(Literal literal) throws ODataApplicationException {
    String text = literal.getText();
    EdmType type = literal.getType();
    if (type == null || "null".equals(text)) return node(Expr.literal(null), Kind.NULL, false);
    String name = type.getName();
    try {
      return switch (name) {
        case "String" -> node(Expr.literal(unquote(text)), Kind.STRING, false);
        case "Boolean" -> node(Expr.literal(Boolean.parseBoolean(text)), Kind.BOOLEAN, false);
        case "Byte", "SByte", "Int16", "Int32", "Int64" ->
            node(Expr.literal(Long.parseLong(text)), Kind.NUMBER, false);
        case "Decimal", "Double", "Single" -> node(Expr.literal(decimal(text)), Kind.NUMBER, false);
        case "Date" -> node(Expr.literal(LocalDate.parse(text)), Kind.DATE, false);
        case "DateTimeOffset" ->
            node(Expr.literal(OffsetDateTime.parse(text)), Kind.DATETIME, false);
        default -> throw unsupported("Literals of type " + name + " are not supported.");
      };
    } catch (NumberFormatException | DateTimeParseException e) {
      throw badRequest("Invalid " + name + " literal: " + text);
    }
  }

  private static BigDecimal decimal(String text) {
    String t =
        text.endsWith("M")
                || text.endsWith("m")
                || text.endsWith("d")
                || text.endsWith("D")
                || text.endsWith("f")
                || text.endsWith("F")
            ? text.substring(0, text.length() - 1)
            : text;
    if (t.equalsIgnoreCase("NaN") || t.contains("INF")) {
      throw new NumberFormatException(text);
    }
    BigDecimal d = new BigDecimal(t);
    if (Math.abs(d.scale()) > 100 || d.precision() > 100) throw new NumberFormatException(text);
    return d;
  }

  private static String unquote(String text) {
    if (text.length() >= 2 && text.startsWith("'") && text.endsWith("'")) {
      return text.substring(1, text.length() - 1).replace("''", "'");
    }
    return text;
  }

  @Override
  public Typed visitMember(Member member) throws ODataApplicationException {
    UriInfoResource resource = member.getResourcePath();
    List<UriResource> parts = resource.getUriResourceParts();
    if (parts.size() != 1 || !(parts.get(0) instanceof UriResourcePrimitiveProperty property)) {
      throw unsupported(
          "Only properties of "
              + entity.name()
              + " can be used in $filter, not '"
              + resource.getUriResourceParts()
              + "'.");
    }
    String name = property.getProperty().getName();
    FieldConfig field =
        entity
            .field(name)
            .orElseThrow(() -> badRequest("Unknown property '" + name + "' of " + entity.name()));
    return node(Expr.field(name), kind(field.type()), false);
  }

  static Kind kind(FieldType type) {
    return switch (type) {
      case STRING, JSON -> Kind.STRING;
      case INTEGER, LONG, DECIMAL -> Kind.NUMBER;
      case BOOLEAN -> Kind.BOOLEAN;
      case DATE -> Kind.DATE;
      case DATETIME -> Kind.DATETIME;
    };
  }

  @Override
  public Typed visitAlias(String aliasName) throws ODataApplicationException {
    throw unsupported("Parameter aliases (" + aliasName + ") are not supported in $filter.");
  }

  @Override
  public Typed visitTypeLiteral(EdmType type) throws ODataApplicationException {
    throw unsupported("Type literals are not supported in $filter.");
  }

  @Override
  public Typed visitLambdaReference(String variableName) throws ODataApplicationException {
    throw unsupported("Lambda expressions (any/all) are not supported in $filter.");
  }

  @Override
  public Typed visitLambdaExpression(
      String lambdaFunction, String lambdaVariable, Expression expression)
      throws ODataApplicationException {
    throw unsupported("Lambda expressions (any/all) are not supported in $filter.");
  }

  @Override
  public Typed visitEnum(EdmEnumType type, List<String> enumValues)
      throws ODataApplicationException {
    throw unsupported("Enumeration literals are not supported in $filter.");
  }
}
