using System.Security.Cryptography;
using System.Text;

namespace FhirChainGateway.Fhir.Definitions;

/// <summary>
/// The compact binary cache of the core type model: a string table followed by the types and StructureDefinition
/// summaries. Reading it takes a few milliseconds instead of parsing ~40 MB of StructureDefinitions. The file name
/// carries a fingerprint of the source files (name, size, modification time) and of the format, so a changed
/// package or a new format simply misses the cache.
/// </summary>
internal static class DefinitionsCache
{
    /// <summary>Bump whenever the model or the layout below changes.</summary>
    private const int FormatVersion = 1;

    private const uint Magic = 0x44474346; // "FCGD"

    private const byte NullByte = 255;

    public static string Fingerprint(IEnumerable<string> sourceFiles)
    {
        var text = new StringBuilder().Append("format=").Append(FormatVersion).Append('\n');
        foreach (var file in sourceFiles)
        {
            var info = new FileInfo(file);
            text.Append(info.Name).Append('|').Append(info.Exists ? info.Length : -1).Append('|')
                .Append(info.Exists ? info.LastWriteTimeUtc.Ticks : 0).Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    public static string FileName(string fingerprint) => $"fhir-r4-definitions-{fingerprint[..24]}.bin";

    /// <summary>The cached model, or null when the file does not exist or belongs to other sources.</summary>
    public static CoreModel? TryRead(string path, string fingerprint)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        using var reader = new BinaryReader(new MemoryStream(File.ReadAllBytes(path)), Encoding.UTF8);
        if (reader.ReadUInt32() != Magic || reader.ReadInt32() != FormatVersion || reader.ReadString() != fingerprint)
        {
            return null;
        }

        return new CacheReader(reader).ReadModel();
    }

    /// <summary>Writes atomically (temporary file, then rename), so concurrent processes never read half a file.</summary>
    public static void Write(string path, string fingerprint, CoreModel model)
    {
        var body = new MemoryStream();
        var strings = new StringTable();
        using (var writer = new BinaryWriter(body, Encoding.UTF8, leaveOpen: true))
        {
            new CacheWriter(writer, strings).WriteModel(model);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        using (var file = File.Create(temporary))
        using (var writer = new BinaryWriter(file, Encoding.UTF8))
        {
            writer.Write(Magic);
            writer.Write(FormatVersion);
            writer.Write(fingerprint);
            writer.Write7BitEncodedInt(strings.Values.Count);
            foreach (var value in strings.Values)
            {
                writer.Write(value);
            }

            writer.Write(body.GetBuffer(), 0, (int)body.Length);
        }

        File.Move(temporary, path, overwrite: true);
        foreach (var stale in Directory.EnumerateFiles(Path.GetDirectoryName(path)!, "fhir-r4-definitions-*.bin"))
        {
            if (!string.Equals(stale, path, StringComparison.Ordinal))
            {
                TryDelete(stale);
            }
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Another process may be reading it; it is only a stale cache.
        }
        catch (UnauthorizedAccessException)
        {
            // Same: leaving a stale cache file behind is harmless.
        }
    }

    private sealed class StringTable
    {
        private readonly Dictionary<string, int> _indexes = new(StringComparer.Ordinal);

        public List<string> Values { get; } = [];

        public int IndexOf(string value)
        {
            if (!_indexes.TryGetValue(value, out var index))
            {
                index = Values.Count;
                Values.Add(value);
                _indexes[value] = index;
            }

            return index;
        }
    }

    private sealed class CacheWriter(BinaryWriter writer, StringTable strings)
    {
        private readonly Dictionary<ElementConstraint, int> _constraints = [];
        private readonly List<ElementConstraint> _constraintList = [];

        public void WriteModel(CoreModel model)
        {
            foreach (var type in model.Types)
            {
                CollectConstraints(type.Root);
            }

            writer.Write7BitEncodedInt(_constraintList.Count);
            foreach (var constraint in _constraintList)
            {
                String(constraint.Key);
                writer.Write((byte)constraint.Severity);
                String(constraint.Human);
                String(constraint.Expression);
                String(constraint.Source);
            }

            writer.Write7BitEncodedInt(model.Types.Count);
            foreach (var type in model.Types)
            {
                String(type.Name);
                String(type.Url);
                writer.Write((byte)type.Kind);
                writer.Write(type.IsAbstract);
                String(type.BaseType);
                String(type.ValuePattern);
                String(type.SystemType);
                writer.Write(type.JsonType is { } jsonType ? (byte)jsonType : NullByte);
                OptionalInt(type.MaxLength);
                Element(type.Root);
            }

            writer.Write7BitEncodedInt(model.Structures.Count);
            foreach (var structure in model.Structures)
            {
                String(structure.Url);
                String(structure.Version);
                String(structure.Name);
                String(structure.Type);
                writer.Write((byte)structure.Kind);
                writer.Write(structure.IsAbstract);
                writer.Write((byte)structure.Derivation);
                String(structure.BaseDefinition);
                writer.Write(structure.HasSnapshot);
                writer.Write((byte)structure.Origin);
                String(structure.TypeDefinition?.Name);
                writer.Write7BitEncodedInt(structure.Contexts.Count);
                foreach (var context in structure.Contexts)
                {
                    String(context.Type);
                    String(context.Expression);
                }

                Strings(structure.ExtensionValueTypes);
            }
        }

        private void CollectConstraints(ElementDefinitionInfo element)
        {
            foreach (var constraint in element.Constraints)
            {
                if (!_constraints.ContainsKey(constraint))
                {
                    _constraints[constraint] = _constraintList.Count;
                    _constraintList.Add(constraint);
                }
            }

            foreach (var child in element.Children)
            {
                CollectConstraints(child);
            }
        }

        private void Element(ElementDefinitionInfo element)
        {
            String(element.Path);
            String(element.Name);
            var flags = (element.IsChoice ? 1 : 0) | (element.IsCollection ? 2 : 0) | (element.IsModifier ? 4 : 0)
                | (element.IsSummary ? 8 : 0) | (element.IsXmlAttribute ? 16 : 0) | (element.AllowsExtensions ? 32 : 0);
            writer.Write((byte)flags);
            writer.Write7BitEncodedInt(element.Min);
            OptionalInt(element.Max);
            writer.Write7BitEncodedInt(element.Order);
            Strings(element.Types);
            Strings(element.TargetProfiles);
            Strings(element.TypeProfiles);
            String(element.ContentReference);
            writer.Write(element.Binding is { } binding ? (byte)binding.Strength : NullByte);
            if (element.Binding is not null)
            {
                String(element.Binding.ValueSet);
            }

            writer.Write7BitEncodedInt(element.Constraints.Count);
            foreach (var constraint in element.Constraints)
            {
                writer.Write7BitEncodedInt(_constraints[constraint]);
            }

            OptionalInt(element.MaxLength);
            writer.Write7BitEncodedInt(element.Children.Count);
            foreach (var child in element.Children)
            {
                Element(child);
            }
        }

        private void String(string? value) => writer.Write7BitEncodedInt(value is null ? 0 : strings.IndexOf(value) + 1);

        private void Strings(IReadOnlyList<string> values)
        {
            writer.Write7BitEncodedInt(values.Count);
            foreach (var value in values)
            {
                String(value);
            }
        }

        private void OptionalInt(int? value) => writer.Write7BitEncodedInt(value is null ? 0 : value.Value + 1);
    }

    private sealed class CacheReader(BinaryReader reader)
    {
        private readonly Dictionary<int, string[]> _singleStringLists = [];
        private string[] _strings = [];
        private ElementConstraint[] _constraints = [];

        public CoreModel ReadModel()
        {
            _strings = new string[Count()];
            for (var i = 0; i < _strings.Length; i++)
            {
                _strings[i] = reader.ReadString();
            }

            _constraints = new ElementConstraint[Count()];
            for (var i = 0; i < _constraints.Length; i++)
            {
                _constraints[i] = new ElementConstraint(RequiredString(), (ConstraintSeverity)reader.ReadByte(), RequiredString(), String(), String());
            }

            var types = new TypeDefinition[Count()];
            var typesByName = new Dictionary<string, TypeDefinition>(types.Length, StringComparer.Ordinal);
            for (var i = 0; i < types.Length; i++)
            {
                var name = RequiredString();
                var url = RequiredString();
                var kind = (TypeKind)reader.ReadByte();
                var isAbstract = reader.ReadBoolean();
                var baseType = String();
                var pattern = String();
                var systemType = String();
                var jsonType = reader.ReadByte();
                var maxLength = OptionalInt();
                types[i] = new TypeDefinition
                {
                    Name = name,
                    Url = url,
                    Kind = kind,
                    IsAbstract = isAbstract,
                    BaseType = baseType,
                    ValuePattern = pattern,
                    SystemType = systemType,
                    JsonType = jsonType == NullByte ? null : (PrimitiveJsonType)jsonType,
                    MaxLength = maxLength,
                    Root = Element(),
                };
                typesByName[name] = types[i];
            }

            var structures = new StructureDefinitionInfo[Count()];
            for (var i = 0; i < structures.Length; i++)
            {
                var url = RequiredString();
                var version = String();
                var name = RequiredString();
                var type = RequiredString();
                var kind = (TypeKind)reader.ReadByte();
                var isAbstract = reader.ReadBoolean();
                var derivation = (StructureDerivation)reader.ReadByte();
                var baseDefinition = String();
                var hasSnapshot = reader.ReadBoolean();
                var origin = (DefinitionOrigin)reader.ReadByte();
                var typeDefinition = String();
                var contexts = new ExtensionContextInfo[Count()];
                for (var c = 0; c < contexts.Length; c++)
                {
                    contexts[c] = new ExtensionContextInfo(RequiredString(), RequiredString());
                }

                structures[i] = new StructureDefinitionInfo
                {
                    Url = url,
                    Version = version,
                    Name = name,
                    Type = type,
                    Kind = kind,
                    IsAbstract = isAbstract,
                    Derivation = derivation,
                    BaseDefinition = baseDefinition,
                    HasSnapshot = hasSnapshot,
                    Origin = origin,
                    TypeDefinition = typeDefinition is null ? null : typesByName.GetValueOrDefault(typeDefinition),
                    Contexts = contexts,
                    ExtensionValueTypes = Strings(),
                };
            }

            return new CoreModel(types, structures);
        }

        private ElementDefinitionInfo Element()
        {
            var path = RequiredString();
            var name = RequiredString();
            var flags = reader.ReadByte();
            var min = reader.Read7BitEncodedInt();
            var max = OptionalInt();
            var order = reader.Read7BitEncodedInt();
            var types = Strings();
            var targetProfiles = Strings();
            var typeProfiles = Strings();
            var contentReference = String();
            var strength = reader.ReadByte();
            var binding = strength == NullByte ? null : new ElementBinding((BindingStrength)strength, String());
            var constraints = new ElementConstraint[Count()];
            for (var i = 0; i < constraints.Length; i++)
            {
                constraints[i] = _constraints[reader.Read7BitEncodedInt()];
            }

            var maxLength = OptionalInt();
            var children = new ElementDefinitionInfo[Count()];
            for (var i = 0; i < children.Length; i++)
            {
                children[i] = Element();
            }

            return new ElementDefinitionInfo
            {
                Path = path,
                Name = name,
                IsChoice = (flags & 1) != 0,
                IsCollection = (flags & 2) != 0,
                IsModifier = (flags & 4) != 0,
                IsSummary = (flags & 8) != 0,
                IsXmlAttribute = (flags & 16) != 0,
                AllowsExtensions = (flags & 32) != 0,
                Min = min,
                Max = max,
                Order = order,
                Types = types,
                TargetProfiles = targetProfiles,
                TypeProfiles = typeProfiles,
                ContentReference = contentReference,
                Binding = binding,
                Constraints = constraints.Length == 0 ? [] : constraints,
                MaxLength = maxLength,
                Children = children.Length == 0 ? [] : children,
            };
        }

        private string? String()
        {
            var index = reader.Read7BitEncodedInt();
            return index == 0 ? null : _strings[index - 1];
        }

        private string RequiredString() => String() ?? throw new InvalidDataException("Definitions cache: unexpected null string.");

        /// <summary>A count of items that follow: each takes at least a byte, so a larger count means a damaged file (not a huge allocation).</summary>
        private int Count()
        {
            var count = reader.Read7BitEncodedInt();
            if (count < 0 || count > reader.BaseStream.Length - reader.BaseStream.Position)
            {
                throw new InvalidDataException("Definitions cache: a count exceeds the file size.");
            }

            return count;
        }

        private string[] Strings()
        {
            var count = Count();
            if (count == 0)
            {
                return [];
            }

            if (count == 1)
            {
                var index = reader.Read7BitEncodedInt();
                if (!_singleStringLists.TryGetValue(index, out var shared))
                {
                    _singleStringLists[index] = shared = [_strings[index - 1]];
                }

                return shared;
            }

            var values = new string[count];
            for (var i = 0; i < count; i++)
            {
                values[i] = RequiredString();
            }

            return values;
        }

        private int? OptionalInt()
        {
            var value = reader.Read7BitEncodedInt();
            return value == 0 ? null : value - 1;
        }
    }
}
