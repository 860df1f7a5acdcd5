using Spectre.Console.Cli;

namespace Ifcb.Cli;

/// <summary>
/// A minimal dependency container for Spectre.Console.Cli: singletons and types, resolved by constructor
/// injection. Enough for a composition root of a dozen commands without pulling in a DI framework.
/// </summary>
internal sealed class TypeRegistrar : ITypeRegistrar, ITypeResolver
{
    private readonly Dictionary<Type, Func<object>> _factories = [];

    public void Register(Type service, Type implementation) => _factories[service] = () => Create(implementation);

    public void RegisterInstance(Type service, object implementation) => _factories[service] = () => implementation;

    public void RegisterLazy(Type service, Func<object> factory)
    {
        var lazy = new Lazy<object>(factory);
        _factories[service] = () => lazy.Value;
    }

    public ITypeResolver Build() => this;

    public object? Resolve(Type? type)
    {
        if (type is null)
        {
            return null;
        }

        if (_factories.TryGetValue(type, out var factory))
        {
            return factory();
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IEnumerable<>))
        {
            return Array.CreateInstance(type.GetGenericArguments()[0], 0);
        }

        // Spectre asks for optional services (help providers, interceptors) it can do without: say "none".
        return type.IsInterface || type.IsAbstract ? null : Create(type);
    }

    private object Create(Type type)
    {
        var constructor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).FirstOrDefault()
            ?? throw new InvalidOperationException($"{type} has no public constructor");
        var arguments = constructor.GetParameters()
            .Select(p => Resolve(p.ParameterType) ?? throw new InvalidOperationException($"cannot resolve {p.ParameterType} for {type}"))
            .ToArray();
        return constructor.Invoke(arguments);
    }
}
