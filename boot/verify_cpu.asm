; verify_cpu: is this a CPU the kernel was built for?
;
; Called by startup_32 (head.asm) at the physical address, paging off,
; before any C code: the C code is compiled for the i486 (-march=i486) and
; a 386 would fault in it before the IDT exists, which ends in a triple
; fault with nothing printed.  The checks are those of Linux 2.4's
; arch/i386/kernel/head.S (checkCPUtype) and, for what a build requires,
; of Linux's arch/x86/boot/cpu.c and arch/x86/kernel/verify_cpu.S:
;
;   - EFLAGS.AC (bit 18) can be toggled from the i486 on, not on a 386;
;   - EFLAGS.ID (bit 21) can be toggled where CPUID exists
;     (Intel SDM vol. 1, "Processor Identification and Feature
;     Determination": "Identification of Earlier IA-32 Processors");
;   - with CPUID leaf 1, the family comes from its EAX (SDM vol. 2A,
;     CPUID: Family ID, plus Extended Family ID when it is 0Fh).  A CPU
;     with CPUID but no leaf 1 (maximum leaf 0) counts as an i486, as 2.4
;     counted it.
;
; What it finds is recorded in boot_cpu_data (struct cpuinfo_x86 in
; asm/processor.h) for the C code, which never runs cpuid itself.  Then it
; checks the build's requirements: family >= REQUIRED_FAMILY and every
; CPUID.1:EDX bit listed in required_features.  On failure it prints
; Linux's message on COM1 and stops the machine; otherwise it returns.
;
; A build adds a requirement with one REQUIRE_FEATURE line below, e.g.
; a PAE kernel: REQUIRE_FEATURE X86_FEATURE_PAE, "cannot execute a
; PAE-enabled kernel on a PAE-less CPU!"; REQUIRED_FAMILY can be raised
; with make NASMFLAGS=-DREQUIRED_FAMILY=n (Linux's
; CONFIG_X86_MINIMUM_CPU_FAMILY).  The C code is still built for the i486.

PAGE_OFFSET	equ 0xC0000000
%define PHYS(x) ((x) - PAGE_OFFSET)

%ifndef REQUIRED_FAMILY
%define REQUIRED_FAMILY 4
%endif
%if REQUIRED_FAMILY < 4 || REQUIRED_FAMILY > 6
%error "REQUIRED_FAMILY must be 4, 5 or 6: the code is built for the i486 and the message names i486..i686"
%endif

X86_EFLAGS_AC	equ 1 << 18
X86_EFLAGS_ID	equ 1 << 21

; CPUID.1:EDX bits (SDM vol. 2A), for REQUIRE_FEATURE.
X86_FEATURE_PSE	equ 1 << 3
X86_FEATURE_TSC	equ 1 << 4
X86_FEATURE_PAE	equ 1 << 6
X86_FEATURE_PSE36 equ 1 << 17
X86_FEATURE_PGE	equ 1 << 13

; struct cpuinfo_x86 (asm/processor.h; arch/x86/kernel/cpu.c asserts these)
CPUINFO_X86		equ 0
CPUINFO_X86_MODEL	equ 1
CPUINFO_X86_STEPPING	equ 2
CPUINFO_X86_PHYS_BITS	equ 3
CPUINFO_CPUID_LEVEL	equ 4
CPUINFO_CAPABILITY	equ 8	; word 0: CPUID.1:EDX, word 1: CPUID.80000001H:EDX, word 4: CPUID.1:ECX
CPUINFO_VENDOR_ID	equ 28

; COM1, programmed as arch/x86/kernel/serial.c programs it (PC16550D data
; sheet: 115200 8N1, FIFOs on), and the QEMU isa-debug-exit port.
COM1		equ 0x3f8
UART_LSR_THRE	equ 0x20
ISA_DEBUG_EXIT_PORT equ 0xf4
EXIT_FAILURE_CODE equ 0x11

extern boot_cpu_data
global verify_cpu

; The build's required CPUID.1:EDX features: (mask, message) pairs, ended
; by a zero mask.  The i486 build requires none.
%macro REQUIRE_FEATURE 2
section .rodata
%%msg:	db	%2, 10, 0
section .rodata.required_features
	dd	%1, PHYS(%%msg)
%endmacro

section .rodata.required_features progbits alloc noexec nowrite align=4
required_features:
	; REQUIRE_FEATURE lines go here.
%ifdef CONFIG_X86_PAE
	; make PAE=1: the boot tables in head.asm are PAE tables, and CR4.PAE
	; on a CPU without it faults.  2.4's words (arch/i386/kernel/setup.c).
	REQUIRE_FEATURE X86_FEATURE_PAE, "cannot execute a PAE-enabled kernel on a PAE-less CPU!"
%endif
	dd	0, 0

section .rodata
msg_requires:	db "This kernel requires an i", 0
msg_detected:	db "86 CPU, but only detected an i", 0
msg_cpu_end:	db "86 CPU. ", 0
msg_unable:	db "Unable to boot - please use a kernel appropriate for your CPU.", 10, 0

section .boot.text
; Preserves esi, edi, ebp and ebx (startup_32 keeps the boot magic and
; information pointer in esi and ebp); needs a stack.
verify_cpu:
	push	ebx
	push	esi
	push	edi
	mov	edi, PHYS(boot_cpu_data)
	mov	byte [edi + CPUINFO_X86], 3
	mov	byte [edi + CPUINFO_X86_MODEL], 0
	mov	byte [edi + CPUINFO_X86_STEPPING], 0
	mov	byte [edi + CPUINFO_X86_PHYS_BITS], 32
	mov	dword [edi + CPUINFO_CPUID_LEVEL], -1
	mov	dword [edi + CPUINFO_CAPABILITY], 0
	mov	dword [edi + CPUINFO_CAPABILITY + 4], 0
	mov	dword [edi + CPUINFO_CAPABILITY + 8], 0
	mov	dword [edi + CPUINFO_CAPABILITY + 12], 0
	mov	dword [edi + CPUINFO_CAPABILITY + 16], 0
	mov	dword [edi + CPUINFO_VENDOR_ID], 0

	; Flip AC and ID, read EFLAGS back, put the old value back.
	pushfd
	pop	eax
	mov	ecx, eax
	xor	eax, X86_EFLAGS_AC | X86_EFLAGS_ID
	push	eax
	popfd
	pushfd
	pop	eax
	push	ecx
	popfd
	xor	eax, ecx		; the bits that really changed
	test	eax, X86_EFLAGS_AC
	jz	.check			; a 386
	mov	byte [edi + CPUINFO_X86], 4
	test	eax, X86_EFLAGS_ID
	jz	.check			; an i486 without CPUID

	xor	eax, eax		; leaf 0: maximum leaf and vendor
	cpuid
	mov	[edi + CPUINFO_CPUID_LEVEL], eax
	mov	[edi + CPUINFO_VENDOR_ID], ebx
	mov	[edi + CPUINFO_VENDOR_ID + 4], edx
	mov	[edi + CPUINFO_VENDOR_ID + 8], ecx
	mov	byte [edi + CPUINFO_VENDOR_ID + 12], 0
	test	eax, eax
	jz	.check			; no leaf 1: stays an i486

	mov	eax, 1
	cpuid
	mov	[edi + CPUINFO_CAPABILITY], edx
	mov	[edi + CPUINFO_CAPABILITY + 16], ecx
	mov	ecx, eax
	and	ecx, 0xf
	mov	[edi + CPUINFO_X86_STEPPING], cl
	mov	edx, eax
	shr	edx, 4
	and	edx, 0xf		; model
	mov	ecx, eax
	shr	ecx, 8
	and	ecx, 0xf		; family
	cmp	ecx, 0xf
	jne	.base_family
	mov	ebx, eax
	shr	ebx, 20
	and	ebx, 0xff
	add	ecx, ebx		; + extended family
.base_family:
	cmp	ecx, 6			; extended model: families 6 and 0Fh on
	jb	.base_model
	mov	ebx, eax
	shr	ebx, 12
	and	ebx, 0xf0
	add	edx, ebx
.base_model:
	mov	[edi + CPUINFO_X86_MODEL], dl
	cmp	ecx, 0xff		; the field is a byte, as in Linux
	jbe	.store_family
	mov	ecx, 0xff
.store_family:
	mov	[edi + CPUINFO_X86], cl

	; The physical address width (Intel SDM vol. 3A 4.1.4, MAXPHYADDR):
	; CPUID.80000008H:EAX[7:0] where that leaf exists.  Without it the
	; SDM says "generally 36" with PAE, but QEMU gives such a CPU 36 bits
	; only if it reports PSE-36 (qemu32, coreduo and n270 get 32 and
	; fault on RAM above 4 GiB), so 36 is believed only with PSE-36, the
	; feature made to reach it; a Pentium Pro, PAE without PSE-36, loses
	; its RAM above 4 GiB.  max_pfn.c caps max_pfn here.
	test	dword [edi + CPUINFO_CAPABILITY], X86_FEATURE_PSE36
	jz	.extended_leaves
	mov	byte [edi + CPUINFO_X86_PHYS_BITS], 36
.extended_leaves:
	; A CPU without extended leaves answers 80000000H with some basic
	; leaf's data: only a maximum in 80000001H..8000FFFFH counts (the
	; range check of Linux's verify_cpu.S for the same leaf).  Leaf
	; 80000001H's EDX is capability word 1 (NX is its bit 20).
	mov	eax, 0x80000000
	cpuid
	cmp	eax, 0x80000001
	jb	.check
	cmp	eax, 0x8000ffff
	ja	.check
	mov	esi, eax		; pushed on entry, restored on return
	mov	eax, 0x80000001
	cpuid
	mov	[edi + CPUINFO_CAPABILITY + 4], edx
	cmp	esi, 0x80000008
	jb	.check
	mov	eax, 0x80000008
	cpuid
	mov	[edi + CPUINFO_X86_PHYS_BITS], al

.check:
	movzx	ecx, byte [edi + CPUINFO_X86]
	cmp	ecx, REQUIRED_FAMILY
	jb	.too_old
	mov	esi, PHYS(required_features)
.next_feature:
	mov	eax, [esi]
	test	eax, eax
	jz	.ok
	mov	edx, [edi + CPUINFO_CAPABILITY]
	and	edx, eax
	cmp	edx, eax
	jne	.missing_feature
	add	esi, 8
	jmp	.next_feature
.ok:
	pop	edi
	pop	esi
	pop	ebx
	ret

	; Linux's words (arch/x86/boot/cpu.c, validate_cpu(), and main.c).
.too_old:
	call	serial_init
	mov	esi, PHYS(msg_requires)
	call	serial_puts
	mov	al, '0' + REQUIRED_FAMILY
	call	serial_putc
	mov	esi, PHYS(msg_detected)
	call	serial_puts
	movzx	eax, byte [edi + CPUINFO_X86]	; below REQUIRED_FAMILY: one digit
	add	al, '0'
	call	serial_putc
	mov	esi, PHYS(msg_cpu_end)
	call	serial_puts
	jmp	.refuse
.missing_feature:
	push	dword [esi + 4]
	call	serial_init
	pop	esi
	call	serial_puts
.refuse:
	mov	esi, PHYS(msg_unable)
	call	serial_puts
	; QEMU exits with status (0x11 << 1) | 1 = 35; elsewhere: halt.
	mov	eax, EXIT_FAILURE_CODE
	mov	dx, ISA_DEBUG_EXIT_PORT
	out	dx, eax
.halt:
	cli
	hlt
	jmp	.halt

; The minimum of early_console_init(): no UART interrupts, divisor 1, 8N1,
; FIFOs on, DTR and RTS.
serial_init:
	mov	dx, COM1 + 1		; IER
	xor	al, al
	out	dx, al
	mov	dx, COM1 + 3		; LCR: DLAB
	mov	al, 0x80
	out	dx, al
	mov	dx, COM1 + 0		; DLL
	mov	al, 1
	out	dx, al
	mov	dx, COM1 + 1		; DLM
	xor	al, al
	out	dx, al
	mov	dx, COM1 + 3		; LCR: 8N1
	mov	al, 0x03
	out	dx, al
	mov	dx, COM1 + 2		; FCR
	mov	al, 0xc7
	out	dx, al
	mov	dx, COM1 + 4		; MCR
	mov	al, 0x03
	out	dx, al
	ret

; The NUL-terminated string at esi; "\n" goes out as "\r\n", as
; console_write() sends it.
serial_puts:
	lodsb
	test	al, al
	jz	.done
	cmp	al, 10
	jne	.plain
	mov	al, 13
	call	serial_putc
	mov	al, 10
.plain:
	call	serial_putc
	jmp	serial_puts
.done:
	ret

; One character in al.  The wait for the transmitter is bounded, as in
; serial_putc(): a missing UART must not hang the refusal.
serial_putc:
	push	ecx
	mov	ah, al
	mov	ecx, 100000
	mov	dx, COM1 + 5		; LSR
.wait:
	in	al, dx
	test	al, UART_LSR_THRE
	jnz	.send
	loop	.wait
.send:
	mov	al, ah
	mov	dx, COM1		; THR
	out	dx, al
	pop	ecx
	ret
